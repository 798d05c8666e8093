package dev.ragserver.opensearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ragserver.config.ConfigLoader;
import dev.ragserver.server.engine.Engine;
import dev.ragserver.server.http.ServerApp;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real server with the built-in model and a collection on the cluster: the same HTTP calls as
 * for an embedded collection create it, ingest documents, query them (every leg), read a document,
 * delete one, and report the cluster in /readyz.
 */
@ExtendWith(SharedCluster.class)
class ServerOnOpenSearchTest {
  private final ServerCalls server = new ServerCalls();
  @TempDir Path dir;

  private JsonNode call(int port, String method, String path, String body, int expected)
      throws Exception {
    return server.expect(port, method, path, body, expected);
  }

  @Test
  void theSameApiCallsWorkOnACollectionOnTheCluster(LocalCluster cluster) throws Exception {
    String hosts = cluster.hostsJson();
    Engine engine =
        Engine.open(
            ConfigLoader.builder()
                .environment(Map.of())
                .override("index.data_dir", dir.toString())
                .override("server.port", "0")
                .override("opensearch.hosts", hosts)
                .override("opensearch.index_prefix", "e2e-")
                .build()
                .load());
    try (ServerApp server = ServerApp.start(engine)) {
      int port = server.port();
      call(port, "DELETE", "/v1/collections/kb", null, 404);
      JsonNode created =
          call(
              port,
              "PUT",
              "/v1/collections/kb",
              "{\"backend\": \"opensearch\", \"shards\": 2, \"replicas\": 1}",
              201);
      assertEquals("opensearch", created.at("/backend/type").asText());
      assertEquals("e2e-kb", created.at("/backend/index").asText());
      call(
          port,
          "POST",
          "/v1/collections/kb/documents",
          """
          {"documents": [
            {"id": "kiwi", "title": "Kiwi", "text": "The kiwi is a flightless bird of New Zealand.", "metadata": {"year": 2024}},
            {"id": "tides", "title": "Tides", "text": "Spring tides follow the new and the full moon.", "metadata": {"year": 2020}},
            {"id": "bread", "title": "Bread", "text": "Sourdough bread rises with a starter of wild yeast."}
          ]}""",
          200);
      JsonNode hits =
          call(
                  port,
                  "POST",
                  "/v1/collections/kb/query",
                  "{\"query\": \"which bird cannot fly?\", \"top_k\": 3, \"explain\": true}",
                  200)
              .get("hits");
      assertEquals("kiwi", hits.get(0).get("document_id").asText());
      for (String leg : new String[] {"dense", "bm25", "colbert"}) {
        assertTrue(
            hits.get(0).at("/legs/" + leg + "/rank").asInt() >= 1, leg + " ran: " + hits.get(0));
      }
      JsonNode filtered =
          call(
                  port,
                  "POST",
                  "/v1/collections/kb/query",
                  "{\"query\": \"moon\", \"filter\": {\"field\": \"year\", \"range\": {\"lt\": 2022}}}",
                  200)
              .get("hits");
      assertEquals(1, filtered.size());
      assertEquals("tides", filtered.get(0).get("document_id").asText());
      assertEquals(
          "Spring tides follow the new and the full moon.",
          call(port, "GET", "/v1/collections/kb/documents/tides", null, 200)
              .at("/chunks/0/text")
              .asText());
      call(port, "DELETE", "/v1/collections/kb/documents/bread", null, 200);
      assertEquals(2, call(port, "GET", "/v1/collections/kb", null, 200).get("documents").asInt());
      JsonNode ready = call(port, "GET", "/readyz", null, 200);
      assertEquals(LocalCluster.NODES, ready.at("/opensearch/nodes").asInt());
      call(port, "DELETE", "/v1/collections/kb", null, 200);
    } finally {
      engine.close();
    }
  }
}
