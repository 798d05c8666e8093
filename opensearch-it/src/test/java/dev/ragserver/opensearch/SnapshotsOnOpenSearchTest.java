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
 * Snapshots of a collection on the cluster go to the cluster's own repository (an {@code fs}
 * repository under the nodes' {@code path.repo}) and restore as a new collection with new indices
 * and its own catalog entry, holding what the collection held then.
 */
@ExtendWith(SharedCluster.class)
class SnapshotsOnOpenSearchTest {
  private final ServerCalls calls = new ServerCalls();
  @TempDir Path dir;

  private JsonNode call(int port, String method, String path, String body, int expected)
      throws Exception {
    return calls.expect(port, method, path, body, expected);
  }

  @Test
  void aSnapshotInTheClustersRepositoryRestoresAsANewCollection(LocalCluster cluster)
      throws Exception {
    int node = cluster.hosts().get(0).getPort();
    // what an operator does once: register the repository (path.repo is set on every node)
    call(
        node,
        "PUT",
        "/_snapshot/rag-it",
        "{\"type\": \"fs\", \"settings\": {\"location\": \"rag-it\"}}",
        200);
    Engine engine =
        Engine.open(
            ConfigLoader.builder()
                .environment(Map.of())
                .override("index.data_dir", dir.toString())
                .override("server.port", "0")
                .override("opensearch.hosts", cluster.hostsJson())
                .override("opensearch.index_prefix", "snap-")
                .override("opensearch.snapshot_repository", "rag-it")
                .build()
                .load());
    try (ServerApp server = ServerApp.start(engine)) {
      int port = server.port();
      for (String c : new String[] {"kb", "kb-copy"}) {
        calls.call(port, "DELETE", "/v1/collections/" + c, null);
      }
      call(
          port,
          "PUT",
          "/v1/collections/kb",
          "{\"backend\": \"opensearch\", \"shards\": 2, \"replicas\": 1}",
          201);
      call(
          port,
          "POST",
          "/v1/collections/kb/documents",
          """
          {"documents": [
            {"id": "kiwi", "text": "The kiwi is a flightless bird of New Zealand."},
            {"id": "tides", "text": "Spring tides follow the new and the full moon."},
            {"id": "bread", "text": "Sourdough bread rises with a starter of wild yeast."}
          ]}""",
          200);
      JsonNode snap = call(port, "POST", "/v1/collections/kb/snapshots", null, 201);
      assertEquals("rag-it", snap.get("repository").asText(), snap.toString());
      assertEquals(3, snap.get("chunks").asInt(), snap.toString());
      String id = snap.get("id").asText();
      // written after the snapshot: not in the copy
      call(
          port,
          "POST",
          "/v1/collections/kb/documents",
          "{\"documents\": [{\"id\": \"late\", \"text\": \"A late note about kiwis.\"}]}",
          200);
      JsonNode listed =
          call(port, "GET", "/v1/collections/kb/snapshots", null, 200).get("snapshots");
      assertEquals(1, listed.size(), listed.toString());
      assertEquals(id, listed.get(0).get("id").asText());
      ServerCalls.Reply download =
          calls.call(port, "GET", "/v1/collections/kb/snapshots/" + id, null);
      assertEquals(409, download.status(), download.body().toString());
      assertTrue(download.body().get("detail").asText().contains("rag-it"));

      JsonNode copy =
          call(
              port, "PUT", "/v1/collections/kb-copy", "{\"restore_from\": \"kb/" + id + "\"}", 201);
      assertEquals("snap-kb-copy", copy.at("/backend/index").asText(), copy.toString());
      call(port, "GET", "/v1/collections/kb-copy/documents/kiwi", null, 200);
      call(port, "GET", "/v1/collections/kb-copy/documents/late", null, 404);
      JsonNode hits =
          call(
                  port,
                  "POST",
                  "/v1/collections/kb-copy/query",
                  "{\"query\": \"which bird cannot fly?\", \"top_k\": 1}",
                  200)
              .get("hits");
      assertEquals("kiwi", hits.get(0).get("document_id").asText());
      // the copy is a collection of its own: writes to it leave the source alone
      call(port, "DELETE", "/v1/collections/kb-copy/documents/tides", null, 200);
      call(port, "GET", "/v1/collections/kb/documents/tides", null, 200);
      call(port, "PUT", "/v1/collections/kb-copy", "{\"restore_from\": \"kb/" + id + "\"}", 409);

      // a server of the same cluster without a repository configured says which key to set
      Engine plain =
          Engine.open(
              ConfigLoader.builder()
                  .environment(Map.of())
                  .override("index.data_dir", dir.resolve("plain").toString())
                  .override("server.port", "0")
                  .override("opensearch.hosts", cluster.hostsJson())
                  .override("opensearch.index_prefix", "snap-")
                  .build()
                  .load());
      try (plain;
          ServerApp other = ServerApp.start(plain)) {
        ServerCalls.Reply refused =
            calls.call(other.port(), "POST", "/v1/collections/kb/snapshots", null);
        assertEquals(409, refused.status(), refused.body().toString());
        assertTrue(
            refused.body().get("detail").asText().contains("opensearch.snapshot_repository"),
            refused.body().toString());
      }

      call(port, "DELETE", "/v1/collections/kb/snapshots/" + id, null, 200);
      assertEquals(
          0, call(port, "GET", "/v1/collections/kb/snapshots", null, 200).get("snapshots").size());
      call(port, "DELETE", "/v1/collections/kb", null, 200);
      call(port, "DELETE", "/v1/collections/kb-copy", null, 200);
    }
  }
}
