package dev.ragserver.index.search;

import dev.ragserver.index.filter.Filter;
import java.util.List;
import java.util.Objects;

/**
 * A hybrid query.
 *
 * @param input query text, embedding, image vector
 * @param legs legs to run; empty = every leg the collection and the input allow
 * @param fusion how legs combine; null = RRF with {@code search.rrf_k}
 * @param filter condition every hit meets, or null
 * @param topK hits per page
 * @param offset hits skipped (paging)
 * @param groupBy grouping by document, or null
 * @param scoreThreshold minimum normalised score (0..1), or NaN for none
 * @param neighboursBefore chunks before each hit to return with it
 * @param neighboursAfter chunks after each hit to return with it
 */
public record SearchRequest(QueryInput input, List<LegSpec> legs, Fusion fusion, Filter filter, int topK, int offset,
    GroupBy groupBy, float scoreThreshold, int neighboursBefore, int neighboursAfter) {
  public SearchRequest {
    Objects.requireNonNull(input, "input");
    legs = List.copyOf(legs == null ? List.of() : legs);
    if (legs.stream().map(LegSpec::leg).distinct().count() != legs.size()) {
      throw new IllegalArgumentException("each leg may appear once, got: " + legs.stream().map(l -> l.leg().key()).toList());
    }
    if (topK < 1) {
      throw new IllegalArgumentException("top_k must be at least 1, got: " + topK);
    }
    if (offset < 0) {
      throw new IllegalArgumentException("offset must be >= 0, got: " + offset);
    }
    if (!Float.isNaN(scoreThreshold) && (scoreThreshold < 0 || scoreThreshold > 1)) {
      throw new IllegalArgumentException("score_threshold must be between 0 and 1, got: " + scoreThreshold);
    }
    if (neighboursBefore < 0 || neighboursAfter < 0 || neighboursBefore > 20 || neighboursAfter > 20) {
      throw new IllegalArgumentException("neighbours must be between 0 and 20 before and after, got: "
          + neighboursBefore + " and " + neighboursAfter);
    }
  }

  /** Every default: all legs, RRF, no filter, no grouping, no threshold, no neighbours. */
  public static SearchRequest of(QueryInput input, int topK) {
    return new SearchRequest(input, List.of(), null, null, topK, 0, null, Float.NaN, 0, 0);
  }

  /** A copy running only these legs. */
  public SearchRequest withLegs(List<LegSpec> newLegs) {
    return copy().legs(newLegs).build();
  }

  /** A copy with another fusion. */
  public SearchRequest withFusion(Fusion newFusion) {
    return copy().fusion(newFusion).build();
  }

  /** A copy with a filter. */
  public SearchRequest withFilter(Filter newFilter) {
    return copy().filter(newFilter).build();
  }

  /** A copy with another page. */
  public SearchRequest withPage(int newTopK, int newOffset) {
    return copy().page(newTopK, newOffset).build();
  }

  /** A copy grouped by document. */
  public SearchRequest withGroupBy(GroupBy newGroupBy) {
    return copy().groupBy(newGroupBy).build();
  }

  /** A copy with a score threshold. */
  public SearchRequest withScoreThreshold(float threshold) {
    return copy().scoreThreshold(threshold).build();
  }

  /** A copy returning neighbouring chunks. */
  public SearchRequest withNeighbours(int before, int after) {
    return copy().neighbours(before, after).build();
  }

  private Copy copy() {
    return new Copy(this);
  }

  /** A mutable copy of every field, validated again by {@link #build()}. */
  private static final class Copy {
    private final QueryInput input;
    private List<LegSpec> legs;
    private Fusion fusion;
    private Filter filter;
    private int topK;
    private int offset;
    private GroupBy groupBy;
    private float scoreThreshold;
    private int before;
    private int after;

    Copy(SearchRequest r) {
      input = r.input;
      legs = r.legs;
      fusion = r.fusion;
      filter = r.filter;
      topK = r.topK;
      offset = r.offset;
      groupBy = r.groupBy;
      scoreThreshold = r.scoreThreshold;
      before = r.neighboursBefore;
      after = r.neighboursAfter;
    }

    Copy legs(List<LegSpec> v) {
      legs = v;
      return this;
    }

    Copy fusion(Fusion v) {
      fusion = v;
      return this;
    }

    Copy filter(Filter v) {
      filter = v;
      return this;
    }

    Copy page(int k, int o) {
      topK = k;
      offset = o;
      return this;
    }

    Copy groupBy(GroupBy v) {
      groupBy = v;
      return this;
    }

    Copy scoreThreshold(float v) {
      scoreThreshold = v;
      return this;
    }

    Copy neighbours(int b, int a) {
      before = b;
      after = a;
      return this;
    }

    SearchRequest build() {
      return new SearchRequest(input, legs, fusion, filter, topK, offset, groupBy, scoreThreshold, before, after);
    }
  }
}
