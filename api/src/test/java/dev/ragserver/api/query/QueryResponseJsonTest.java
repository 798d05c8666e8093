package dev.ragserver.api.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ragserver.api.json.ApiJson;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryResponseJsonTest {
  private static final ObjectMapper JSON = ApiJson.builder().build();

  private static ChunkView chunk(String id, int n) {
    return new ChunkView(
        id + "#" + n,
        id,
        n,
        "Tides rise twice a day.",
        "tides.md",
        "Ocean tides",
        3,
        4,
        10,
        33,
        List.of("Ocean tides", "Causes"),
        "text",
        null,
        Map.of("team", "red", "year", 2025));
  }

  @Test
  void aHitReadsBackWithItsChunkFieldsWrittenInline() throws Exception {
    QueryResponse r =
        new QueryResponse(
            List.of(
                new QueryResponse.HitView(
                    0.5f,
                    1f,
                    0.9f,
                    chunk("tides", 2),
                    Map.of("dense", new QueryResponse.LegView(0.8f, 1)),
                    List.of(chunk("tides", 1)))),
            List.of("dense"),
            7,
            12.5,
            null);
    String json = JSON.writeValueAsString(r);
    // the chunk's fields sit in the hit itself (the wire shape clients read), not under "chunk"
    assertEquals("tides#2", JSON.readTree(json).get("hits").get(0).get("chunk_id").asText(), json);
    assertNull(JSON.readTree(json).get("hits").get(0).get("chunk"), json);
    assertNull(JSON.readTree(json).get("timings_ms"), "absent without explain: " + json);
    assertEquals(r, JSON.readValue(json, QueryResponse.class));
  }

  @Test
  void aFullRequestWritesTheFieldNamesTheServerReads() throws Exception {
    QueryRequest q =
        QueryRequest.text("tides")
            .withPage(5, 10)
            .withLegs(List.of("dense", "bm25"))
            .withFusion(QueryRequest.FusionSpec.rrf())
            .withFilter(Filters.equalTo("team", "red"))
            .withPerDocument(2)
            .withNeighbours(1, 1)
            .withThresholds(0.1, 0.2)
            .withExplain();
    assertEquals(
        "{\"query\":\"tides\",\"top_k\":5,\"offset\":10,\"legs\":{\"dense\":{},\"bm25\":{}},"
            + "\"fusion\":{\"method\":\"rrf\"},\"filter\":{\"field\":\"team\",\"equals\":\"red\"},"
            + "\"group_by\":{\"per_document\":2},\"neighbours\":{\"before\":1,\"after\":1},"
            + "\"score_threshold\":0.1,\"min_relevance\":0.2,\"explain\":true}",
        JSON.writeValueAsString(q));
  }
}
