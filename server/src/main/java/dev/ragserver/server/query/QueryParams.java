package dev.ragserver.server.query;

import dev.ragserver.index.filter.Filter;
import dev.ragserver.index.search.Fusion;
import dev.ragserver.index.search.GroupBy;
import dev.ragserver.index.search.LegSpec;
import dev.ragserver.index.search.QueryInput;
import dev.ragserver.index.search.SearchRequest;
import java.util.List;

/**
 * A query as the client asked for it, before embedding.
 *
 * @param text query text, or null for an image-only query
 * @param image image bytes, or null
 * @param topK hits per page
 * @param offset hits skipped
 * @param legs legs to run (empty = every leg the collection has)
 * @param fusion fusion, or null for the default (RRF)
 * @param filter filter, or null
 * @param groupBy grouping, or null
 * @param scoreThreshold minimum normalised score, NaN for none
 * @param neighboursBefore chunks before each hit
 * @param neighboursAfter chunks after each hit
 * @param explain whether hits carry each leg's score and rank
 */
public record QueryParams(String text, byte[] image, int topK, int offset, List<LegSpec> legs, Fusion fusion,
    Filter filter, GroupBy groupBy, float scoreThreshold, int neighboursBefore, int neighboursAfter,
    boolean explain) {
  public QueryParams {
    legs = List.copyOf(legs);
  }

  /** The index request for this query, once embedded. */
  public SearchRequest toRequest(QueryInput input) {
    return new SearchRequest(input, legs, fusion, filter, topK, offset, groupBy, scoreThreshold, neighboursBefore,
        neighboursAfter);
  }
}
