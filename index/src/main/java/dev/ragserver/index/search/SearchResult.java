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
 */
public record SearchResult(
    List<Hit> hits, List<Leg> legs, int candidates, Map<Leg, Long> legNanos) {
  public SearchResult {
    hits = List.copyOf(hits);
    legs = List.copyOf(legs);
    legNanos = Map.copyOf(legNanos);
  }
}
