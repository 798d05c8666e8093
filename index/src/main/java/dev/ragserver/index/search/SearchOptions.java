package dev.ragserver.index.search;

import dev.ragserver.index.filter.Filter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a query searches, whatever it searches for: page, legs, fusion, filter, grouping, threshold
 * and neighbours. It validates itself once, here, and every mistake is an {@link
 * InvalidQueryException} naming the API field, the rule and the value. Defaults come from {@link
 * SearchDefaults} when the {@link #builder} is made; what is left open (a null fusion from a
 * builder without defaults, each leg's depth and weight) is resolved by the same class at search
 * time. {@link SearchQuery} adds what a client searches for.
 *
 * @param topK hits per page
 * @param offset hits skipped (paging)
 * @param legs legs to run; empty = every leg the collection and the input allow
 * @param fusion how legs combine; null = the default ({@link SearchDefaults#fusion(Fusion)})
 * @param filter condition every hit meets, or null
 * @param groupBy grouping by document, or null
 * @param scoreThreshold minimum normalised score (0..1), or NaN for none
 * @param minRelevance minimum relevance estimate (0..1), or NaN for none
 * @param neighboursBefore chunks before each hit to return with it
 * @param neighboursAfter chunks after each hit to return with it
 * @param limits the largest page and longest text allowed
 */
public record SearchOptions(
    int topK,
    int offset,
    List<LegSpec> legs,
    Fusion fusion,
    Filter filter,
    GroupBy groupBy,
    float scoreThreshold,
    float minRelevance,
    int neighboursBefore,
    int neighboursAfter,
    QueryLimits limits) {
  /** The most neighbouring chunks a hit may bring on each side. */
  public static final int MAX_NEIGHBOURS = 20;

  public SearchOptions {
    Objects.requireNonNull(limits, "limits");
    requireRange("top_k", topK, 1, limits.maxTopK());
    requireRange("offset", offset, 0, limits.maxTopK());
    if (topK + offset > limits.maxTopK()) {
      throw new InvalidQueryException(
          "top_k",
          "offset + top_k must be at most "
              + limits.maxTopK()
              + " (search.max_top_k), got: "
              + (offset + topK));
    }
    filter = filter == null ? null : limits.check(filter);
    legs = List.copyOf(legs == null ? List.of() : legs);
    if (legs.stream().map(LegSpec::leg).distinct().count() != legs.size()) {
      throw new InvalidQueryException(
          "legs",
          "each leg may appear once, got: " + legs.stream().map(l -> l.leg().key()).toList());
    }
    if (!Float.isNaN(scoreThreshold) && !(scoreThreshold >= 0 && scoreThreshold <= 1)) {
      throw new InvalidQueryException(
          "score_threshold",
          "score_threshold must be a number between 0 and 1, got: " + scoreThreshold);
    }
    if (!Float.isNaN(minRelevance) && !(minRelevance >= 0 && minRelevance <= 1)) {
      throw new InvalidQueryException(
          "min_relevance", "min_relevance must be a number between 0 and 1, got: " + minRelevance);
    }
    if (neighboursBefore == neighboursAfter) {
      if (neighboursBefore < 0 || neighboursBefore > MAX_NEIGHBOURS) {
        throw new InvalidQueryException(
            "neighbours",
            "neighbours must be from 0 to " + MAX_NEIGHBOURS + ", got: " + neighboursBefore);
      }
    } else {
      requireRange("neighbours.before", neighboursBefore, 0, MAX_NEIGHBOURS);
      requireRange("neighbours.after", neighboursAfter, 0, MAX_NEIGHBOURS);
    }
  }

  private static void requireRange(String field, long value, long min, long max) {
    if (value < min || value > max) {
      throw new InvalidQueryException(
          field, field + " must be a whole number from " + min + " to " + max + ", got: " + value);
    }
  }

  /** The index of the first hit after this page. */
  public int pageEnd() {
    return offset + topK;
  }

  /** Whether this query runs the leg (a query naming no legs runs every leg that can). */
  public boolean runs(Leg leg) {
    return legs.isEmpty() || legs.stream().anyMatch(l -> l.leg() == leg);
  }

  /** A builder with these defaults (null: leave them to search time) and limits. */
  public static Builder builder(SearchDefaults defaults, QueryLimits limits) {
    return new Builder(defaults, limits);
  }

  /** A builder holding every field of this query. */
  public Builder toBuilder() {
    Builder b = new Builder(null, limits);
    b.topK = topK;
    b.offset = offset;
    b.legs = new ArrayList<>(legs);
    b.fusion = fusion;
    b.filter = filter;
    b.groupBy = groupBy;
    b.scoreThreshold = scoreThreshold;
    b.minRelevance = minRelevance;
    b.before = neighboursBefore;
    b.after = neighboursAfter;
    return b;
  }

  /** Collects a query's fields; {@link #build()} validates them. Not thread-safe. */
  public static final class Builder {
    private final QueryLimits limits;
    private int topK;
    private int offset;
    private List<LegSpec> legs = new ArrayList<>();
    private Fusion fusion;
    private Filter filter;
    private GroupBy groupBy;
    private float scoreThreshold = Float.NaN;
    private float minRelevance = Float.NaN;
    private int before;
    private int after;

    private Builder(SearchDefaults defaults, QueryLimits limits) {
      this.limits = limits;
      if (defaults != null) {
        this.topK = defaults.topK();
        this.fusion = defaults.rrf();
      }
    }

    /** Hits per page. */
    public Builder topK(int value) {
      topK = value;
      return this;
    }

    /** Hits skipped. */
    public Builder offset(int value) {
      offset = value;
      return this;
    }

    /** Hits per page and hits skipped. */
    public Builder page(int newTopK, int newOffset) {
      return topK(newTopK).offset(newOffset);
    }

    /** The legs to run (empty: every leg that can). */
    public Builder legs(List<LegSpec> value) {
      legs = new ArrayList<>(value);
      return this;
    }

    /** The fusion; the builder starts with the default one. */
    public Builder fusion(Fusion value) {
      fusion = value;
      return this;
    }

    /** A condition every hit meets (null for none). */
    public Builder filter(Filter value) {
      filter = value;
      return this;
    }

    /** Grouping by document (null for none). */
    public Builder groupBy(GroupBy value) {
      groupBy = value;
      return this;
    }

    /** Minimum normalised score, NaN for none. */
    public Builder scoreThreshold(float value) {
      scoreThreshold = value;
      return this;
    }

    /** Minimum relevance estimate, NaN for none. */
    public Builder minRelevance(float value) {
      minRelevance = value;
      return this;
    }

    /** Neighbouring chunks returned before and after each hit. */
    public Builder neighbours(int newBefore, int newAfter) {
      before = newBefore;
      after = newAfter;
      return this;
    }

    /** The query, validated. */
    public SearchOptions build() {
      return new SearchOptions(
          topK,
          offset,
          legs,
          fusion,
          filter,
          groupBy,
          scoreThreshold,
          minRelevance,
          before,
          after,
          limits);
    }
  }
}
