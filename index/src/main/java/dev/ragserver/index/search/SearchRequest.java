package dev.ragserver.index.search;

import dev.ragserver.index.filter.Filter;
import java.util.List;
import java.util.Objects;

/**
 * A query once embedded, as a backend runs it: what it searches for ({@link QueryInput}) and how
 * ({@link SearchOptions}, validated when it was built).
 *
 * @param input query text, embedding, image vector
 * @param options page, legs, fusion, filter, grouping, threshold, neighbours
 */
public record SearchRequest(QueryInput input, SearchOptions options) {
  public SearchRequest {
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(options, "options");
  }

  /**
   * Every default but the page (all legs, the collection's default fusion), within the widest
   * limits; for tools and tests that build requests by hand.
   */
  public static SearchRequest of(QueryInput input, int topK) {
    return new SearchRequest(
        input, SearchOptions.builder(null, QueryLimits.WIDEST).topK(topK).build());
  }

  /** A copy with other options. */
  public SearchRequest with(SearchOptions newOptions) {
    return new SearchRequest(input, newOptions);
  }

  /** A copy running only these legs. */
  public SearchRequest withLegs(List<LegSpec> newLegs) {
    return with(options.toBuilder().legs(newLegs).build());
  }

  /** A copy with another fusion. */
  public SearchRequest withFusion(Fusion newFusion) {
    return with(options.toBuilder().fusion(newFusion).build());
  }

  /** A copy with a filter. */
  public SearchRequest withFilter(Filter newFilter) {
    return with(options.toBuilder().filter(newFilter).build());
  }

  /** A copy with another page. */
  public SearchRequest withPage(int newTopK, int newOffset) {
    return with(options.toBuilder().page(newTopK, newOffset).build());
  }

  /** A copy grouped by document. */
  public SearchRequest withGroupBy(GroupBy newGroupBy) {
    return with(options.toBuilder().groupBy(newGroupBy).build());
  }

  /** A copy with a score threshold. */
  public SearchRequest withScoreThreshold(float threshold) {
    return with(options.toBuilder().scoreThreshold(threshold).build());
  }

  /** A copy returning neighbouring chunks. */
  public SearchRequest withNeighbours(int before, int after) {
    return with(options.toBuilder().neighbours(before, after).build());
  }
}
