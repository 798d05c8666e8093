package dev.ragserver.server.query;

import dev.ragserver.index.schema.StoredChunk;
import dev.ragserver.index.search.Hit;
import dev.ragserver.index.search.Leg;
import dev.ragserver.index.search.LegScore;
import dev.ragserver.index.search.SearchResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Hits as the API writes them. */
public final class HitJson {
  private HitJson() {}

  /** A chunk's fields (what every hit, document and neighbour shows). */
  public static Map<String, Object> chunk(String collection, StoredChunk c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("chunk_id", c.chunkId());
    m.put("document_id", c.documentId());
    m.put("chunk_number", c.chunkNumber());
    m.put("text", c.text());
    m.put("source", c.source());
    m.put("title", c.title());
    m.put("page_start", c.pageStart() == 0 ? null : c.pageStart());
    m.put("page_end", c.pageEnd() == 0 ? null : c.pageEnd());
    m.put("char_start", c.charStart());
    m.put("char_end", c.charEnd());
    m.put("heading_path", c.headingPath());
    m.put("modality", c.modality().name().toLowerCase(java.util.Locale.ROOT));
    Object imageId = c.metadata().get("image_id");
    m.put("image_url", imageId == null ? null : "/v1/collections/" + collection + "/images/" + imageId);
    m.put("metadata", c.metadata());
    return m;
  }

  /** The response of a query. */
  public static Map<String, Object> result(String collection, SearchResult result, boolean explain, long embedNanos,
      long tookNanos) {
    List<Map<String, Object>> hits = new ArrayList<>();
    for (Hit h : result.hits()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("score", h.score());
      m.put("normalized_score", h.normalizedScore());
      m.putAll(chunk(collection, h.chunk()));
      if (explain) {
        Map<String, Object> legs = new LinkedHashMap<>();
        for (Leg leg : result.legs()) {
          LegScore s = h.legs().get(leg);
          legs.put(leg.key(), s == null ? null : Map.of("score", s.score(), "rank", s.rank()));
        }
        m.put("legs", legs);
      }
      if (!h.neighbours().isEmpty()) {
        m.put("neighbours", h.neighbours().stream().map(n -> chunk(collection, n)).toList());
      }
      hits.add(m);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("hits", hits);
    out.put("legs", result.legs().stream().map(Leg::key).toList());
    out.put("candidates", result.candidates());
    out.put("took_ms", tookNanos / 1e6);
    if (explain) {
      Map<String, Object> timings = new LinkedHashMap<>();
      timings.put("embed", embedNanos / 1e6);
      result.legNanos().forEach((leg, nanos) -> timings.put(leg.key(), nanos / 1e6));
      out.put("timings_ms", timings);
    }
    return out;
  }
}
