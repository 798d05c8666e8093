package dev.ragserver.index.search;

import dev.ragserver.config.SearchConfig;
import dev.ragserver.index.filter.Filter;
import dev.ragserver.index.filter.Filters;

/**
 * What a query may ask for at most, from the configuration.
 *
 * @param maxTopK the largest {@code offset + top_k} ({@code search.max_top_k})
 * @param maxQueryChars the longest query text ({@code server.max_query_chars})
 * @param maxFilterDepth how deeply a filter may nest ({@code search.max_filter_depth})
 * @param maxFilterNodes most nodes one filter may hold ({@code search.max_filter_nodes})
 */
public record QueryLimits(int maxTopK, int maxQueryChars, int maxFilterDepth, int maxFilterNodes) {
  /** The widest limits the configuration allows (for tools and tests that set none). */
  public static final QueryLimits WIDEST = new QueryLimits(10_000, 1_000_000, 1_000, 1_000_000);

  public QueryLimits {
    if (maxTopK < 1) {
      throw new IllegalArgumentException("max_top_k must be at least 1, got: " + maxTopK);
    }
    if (maxQueryChars < 1) {
      throw new IllegalArgumentException(
          "max_query_chars must be at least 1, got: " + maxQueryChars);
    }
    if (maxFilterDepth < 1 || maxFilterNodes < 1) {
      throw new IllegalArgumentException(
          "filter limits must be at least 1, got: depth "
              + maxFilterDepth
              + ", nodes "
              + maxFilterNodes);
    }
  }

  /**
   * The filter simplified ({@link Filters#simplify}), once its size is within these limits: each
   * nesting level multiplies the work of matching, so a deep or huge filter is refused before
   * anything runs.
   *
   * @throws InvalidQueryException (field {@code filter}) when it is too deep or too large
   */
  public Filter check(Filter filter) {
    int depth = Filters.depth(filter);
    if (depth > maxFilterDepth) {
      throw new InvalidQueryException(
          "filter",
          "a filter may nest at most "
              + maxFilterDepth
              + " levels of and/or/not (search.max_filter_depth), got: "
              + depth);
    }
    int nodes = Filters.nodes(filter);
    if (nodes > maxFilterNodes) {
      throw new InvalidQueryException(
          "filter",
          "a filter may hold at most "
              + maxFilterNodes
              + " conditions, operators and 'in' values (search.max_filter_nodes), got: "
              + nodes);
    }
    return Filters.simplify(filter);
  }

  /** The limits of this search configuration and query length. */
  public static QueryLimits of(SearchConfig search, int maxQueryChars) {
    return new QueryLimits(
        search.maxTopK(), maxQueryChars, search.maxFilterDepth(), search.maxFilterNodes());
  }
}
