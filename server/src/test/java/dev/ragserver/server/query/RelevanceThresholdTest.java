package dev.ragserver.server.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ragserver.index.relevance.RelevanceModel;
import dev.ragserver.server.http.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * On the demo's own data (samples/, ingested as {@code ./rag demo} does), relevance says what a RAG
 * app needs to hear: the demo's sample questions find hits above the default threshold, a nonsense
 * query finds nothing above it, and {@code min_relevance} drops what lies below.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RelevanceThresholdTest {
  @TempDir static Path dir;
  private TestServer s;

  @BeforeAll
  void ingestTheSamples() throws Exception {
    Path samples = Path.of("..", "samples").toRealPath();
    s = new TestServer(dir.resolve("data"), Map.of("server.ingest_roots", "[\"" + samples + "\"]"));
    assertEquals(201, s.put("/v1/collections/demo", "{}").status());
    TestServer.Response job =
        s.post("/v1/collections/demo/jobs", "{\"paths\": [\"" + samples + "\"]}");
    assertEquals(202, job.status(), job.text());
    String url = job.json().get("url").asText();
    long deadline = System.nanoTime() + 300_000_000_000L;
    while (!s.get(url).json().get("state").asText().equals("succeeded")) {
      assertTrue(
          System.nanoTime() < deadline,
          "the samples were not ingested in 5 minutes: " + s.get(url).text());
      Thread.sleep(200);
    }
  }

  @AfterAll
  void stop() {
    s.close();
  }

  private JsonNode top(String query) {
    JsonNode r =
        s.post("/v1/collections/demo/query", "{\"query\": \"" + query + "\", \"top_k\": 3}").json();
    return r.at("/hits/0");
  }

  /** The highest relevance among a query's top three hits. */
  private double best(String query) {
    JsonNode r =
        s.post("/v1/collections/demo/query", "{\"query\": \"" + query + "\", \"top_k\": 3}").json();
    double best = 0;
    for (JsonNode h : r.get("hits")) {
      best = Math.max(best, h.get("relevance").asDouble());
    }
    return best;
  }

  /** The documents of a query's hits at {@code min_relevance} 0.5, best first. */
  private List<String> atDefaultThreshold(String query) {
    JsonNode r =
        s.post(
                "/v1/collections/demo/query",
                "{\"query\": \"" + query + "\", \"top_k\": 3, \"min_relevance\": 0.5}")
            .json();
    List<String> out = new ArrayList<>();
    r.get("hits").forEach(h -> out.add(h.get("document_id").asText()));
    return out;
  }

  @Test
  void theDemosSampleQuestionsFindTheirDocumentAboveTheDefaultThreshold() {
    Map<String, String> expected =
        Map.of(
            "how does a lighthouse beam reach so far?", "samples/lighthouses.md",
            "lamp replaced with LED", "samples/maintenance-report.pdf",
            "spring tides", "samples/tides.html");
    expected.forEach(
        (q, doc) -> {
          List<String> docs = atDefaultThreshold(q);
          assertFalse(docs.isEmpty(), q + ": nothing at the default threshold");
          assertEquals(doc, docs.get(0), q + ": " + docs);
        });
    // relevance compares across queries, the rank-based score cannot: every top hit normalises to
    // about 1
    double nonsense = best("xyzzy plugh");
    for (String q : expected.keySet()) {
      assertTrue(best(q) > 10 * nonsense, q + ": " + best(q) + " against nonsense " + nonsense);
    }
  }

  @Test
  void aNonsenseQueryFindsNothingAboveTheDefaultThreshold() {
    JsonNode hit = top("xyzzy plugh");
    assertTrue(
        hit.get("normalized_score").asDouble() > 0.5, "the rank-based score cannot tell: " + hit);
    assertTrue(
        hit.get("relevance").asDouble() < RelevanceModel.DEFAULT_THRESHOLD,
        "relevance " + hit.get("relevance").asDouble());
    JsonNode none =
        s.post("/v1/collections/demo/query", "{\"query\": \"xyzzy plugh\", \"min_relevance\": 0.5}")
            .json();
    assertEquals(0, none.get("hits").size(), none.toString());
  }
}
