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
 * @param bm25Ceiling the query's highest attainable BM25 score (0 without a BM25 leg), which the
 *     relevance estimates read BM25 scores against
 * @param denseTop the mean of the ten best dense scores among the candidates (NaN: none), which the
 *     relevance estimates read dense scores against
 */
public record SearchResult(
    List<Hit> hits,
    List<Leg> legs,
    int candidates,
    Map<Leg, Long> legNanos,
    float bm25Ceiling,
    float denseTop) {
  public SearchResult {
    hits = List.copyOf(hits);
    legs = List.copyOf(legs);
    legNanos = Map.copyOf(legNanos);
  }
}
