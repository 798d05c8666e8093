package dev.ragserver.index.search;

import java.util.List;
import java.util.Map;

/**
 * The hits of a query.
 *
 * @param hits this page of hits
 * @param legs the legs that ran, in order
 * @param candidates distinct chunks the legs found before paging
 * @param legNanos time each leg took
 * @param relevanceContext what the relevance estimates read the hits' scores against (the query's
 *     BM25 ceiling, its ten best dense and ColBERT scores)
 */
public record SearchResult(
    List<Hit> hits,
    List<Leg> legs,
    int candidates,
    Map<Leg, Long> legNanos,
    dev.ragserver.index.relevance.RelevanceContext relevanceContext) {
  public SearchResult {
    hits = List.copyOf(hits);
    legs = List.copyOf(legs);
    legNanos = Map.copyOf(legNanos);
  }
}
