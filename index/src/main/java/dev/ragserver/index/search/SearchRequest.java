package dev.ragserver.index.search;

import dev.ragserver.index.filter.Filter;
import dev.ragserver.model.concurrent.Deadline;
import java.util.List;
import java.util.Objects;

/**
 * A query once embedded, as a backend runs it: what it searches for ({@link QueryInput}) and how
 * ({@link SearchOptions}, validated when it was built).
 *
 * @param input query text, embedding, image vector
 * @param options page, legs, fusion, filter, grouping, threshold, neighbours
 * @param deadline when the backend stops searching (between legs, segments and rescoring slices)
 *     and throws {@link dev.ragserver.model.concurrent.DeadlineExceededException}
 */
public record SearchRequest(QueryInput input, SearchOptions options, Deadline deadline) {
  public SearchRequest {
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(deadline, "deadline");
  }

  /** A request without a deadline. */
  public SearchRequest(QueryInput input, SearchOptions options) {
    this(input, options, Deadline.NONE);
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
    return new SearchRequest(input, newOptions, deadline);
  }

  /** A copy that stops at this deadline. */
  public SearchRequest withDeadline(Deadline newDeadline) {
    return new SearchRequest(input, options, newDeadline);
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
