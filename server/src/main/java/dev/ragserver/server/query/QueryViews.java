package dev.ragserver.server.query;

import dev.ragserver.api.query.ChunkView;
import dev.ragserver.api.query.QueryResponse;
import dev.ragserver.api.query.QueryResponse.HitView;
import dev.ragserver.api.query.QueryResponse.LegView;
import dev.ragserver.index.schema.StoredChunk;
import dev.ragserver.index.search.Hit;
import dev.ragserver.index.search.Leg;
import dev.ragserver.index.search.LegScore;
import dev.ragserver.index.search.SearchResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the API's views ({@link ChunkView}, {@link QueryResponse}) from what the index returns.
 */
public final class QueryViews {
  private QueryViews() {}

  /** The view of a stored chunk of this collection. */
  public static ChunkView chunk(String collection, StoredChunk c) {
    Object imageId = c.metadata().get("image_id");
    return new ChunkView(
        c.chunkId(),
        c.documentId(),
        c.chunkNumber(),
        c.text(),
        c.source(),
        c.title(),
        c.pageStart() == 0 ? null : c.pageStart(),
        c.pageEnd() == 0 ? null : c.pageEnd(),
        c.charStart(),
        c.charEnd(),
        c.headingPath(),
        c.modality().name().toLowerCase(Locale.ROOT),
        imageId == null ? null : "/v1/collections/" + collection + "/images/" + imageId,
        c.metadata());
  }

  /** The response for a search result. */
  public static QueryResponse response(
      String collection, SearchResult result, boolean explain, long embedNanos, long tookNanos) {
    List<HitView> hits =
        result.hits().stream().map(h -> hit(collection, result, h, explain)).toList();
    Map<String, Double> timings = null;
    if (explain) {
      timings = new LinkedHashMap<>();
      timings.put("embed", embedNanos / 1e6);
      for (Leg leg : Leg.values()) {
        Long nanos = result.legNanos().get(leg);
        if (nanos != null) {
          timings.put(leg.key(), nanos / 1e6);
        }
      }
    }
    return new QueryResponse(
        hits,
        result.legs().stream().map(Leg::key).toList(),
        result.candidates(),
        tookNanos / 1e6,
        timings);
  }

  private static HitView hit(String collection, SearchResult result, Hit h, boolean explain) {
    Map<String, LegView> legs = null;
    if (explain) {
      legs = new LinkedHashMap<>();
      for (Leg leg : result.legs()) {
        LegScore s = h.legs().get(leg);
        legs.put(leg.key(), s == null ? null : new LegView(s.score(), s.rank()));
      }
    }
    List<ChunkView> neighbours =
        h.neighbours().isEmpty()
            ? null
            : h.neighbours().stream().map(n -> chunk(collection, n)).toList();
    return new HitView(
        h.score(),
        h.normalizedScore(),
        h.relevance(),
        chunk(collection, h.chunk()),
        legs,
        neighbours);
  }
}
