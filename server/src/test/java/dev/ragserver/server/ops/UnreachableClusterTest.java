package dev.ragserver.server.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ragserver.server.http.TestServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** A configured OpenSearch cluster that does not answer: readiness, metrics and a create say so. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UnreachableClusterTest {
  @TempDir static Path dir;
  private TestServer s;

  @BeforeAll
  void start() {
    // port 9 (discard) on loopback: nothing listens there
    s =
        new TestServer(
            dir,
            Map.of(
                "opensearch.hosts", "[\"http://127.0.0.1:9\"]", "opensearch.timeout_ms", "2000"));
  }

  @AfterAll
  void stop() {
    s.close();
  }

  @Test
  void readinessIsFalseWithTheReasonAndTheMetricsShowTheClusterDown() {
    TestServer.Response ready = s.get("/readyz");
    assertEquals(503, ready.status());
    JsonNode body = ready.json();
    assertEquals("unreachable", body.at("/opensearch/status").asText());
    assertTrue(
        body.get("problems").get(0).asText().startsWith("the OpenSearch cluster is unreachable"),
        ready.text());
    String metrics = s.get("/metrics").text();
    assertTrue(metrics.contains("rag_opensearch_up 0.0"), metrics);
    assertTrue(metrics.contains("rag_opensearch_status 0.0"), metrics);
  }

  @Test
  void creatingACollectionOnTheClusterIs503WithTheReasonAndLeavesNothingBehind() {
    TestServer.Response r = s.put("/v1/collections/scaled", "{\"backend\": \"opensearch\"}");
    assertEquals(503, r.status(), r.text());
    assertTrue(
        r.json().get("detail").asText().contains("the OpenSearch cluster is unreachable"),
        r.text());
    assertEquals(404, s.get("/v1/collections/scaled").status());
    assertEquals(
        201,
        s.put("/v1/collections/local", "{}").status(),
        "embedded collections work without the cluster");
  }
}
