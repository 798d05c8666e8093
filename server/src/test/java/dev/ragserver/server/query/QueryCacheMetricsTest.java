package dev.ragserver.server.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ragserver.server.http.TestServer;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A repeated query is answered from the query-embedding cache with the same hits and scores, and
 * /metrics counts it; with the cache off every query runs the model.
 */
class QueryCacheMetricsTest {
  @TempDir Path dir;

  private static final String DOCS =
      """
      {"documents": [
        {"id": "tides", "text": "Spring tides follow full and new moons."},
        {"id": "owls", "text": "Owls hunt at night on silent wings."}
      ]}""";

  private static long counter(TestServer s, String name) {
    Matcher m =
        Pattern.compile("(?m)^" + name + " ([0-9.eE+]+)$").matcher(s.get("/metrics").text());
    if (!m.find()) {
      throw new AssertionError(name + " is not in /metrics");
    }
    return (long) Double.parseDouble(m.group(1));
  }

  private static JsonNode query(TestServer s, String text) {
    TestServer.Response r =
        s.post("/v1/collections/c/query", "{\"query\": \"" + text + "\", \"top_k\": 2}");
    assertEquals(200, r.status(), r.text());
    return r.json().get("hits");
  }

  private static TestServer serverWithDocs(Path data, String cacheSize) {
    TestServer s = new TestServer(data, Map.of("model.query_cache_size", cacheSize));
    assertEquals(201, s.put("/v1/collections/c", "{}").status());
    assertEquals(200, s.post("/v1/collections/c/documents", DOCS).status());
    return s;
  }

  @Test
  void aRepeatedQueryIsAHitWithTheSameAnswerAndMetricsCountIt() {
    try (TestServer s = serverWithDocs(dir.resolve("on"), "16")) {
      JsonNode first = query(s, "when are tides highest");
      JsonNode again = query(s, "when are tides highest");
      query(s, "night birds");
      assertEquals(first, again, "the cached embedding answers exactly as the model did");
      assertEquals(1, counter(s, "rag_query_cache_hits_total"));
      assertEquals(2, counter(s, "rag_query_cache_misses_total"));
    }
  }

  @Test
  void withTheCacheOffEveryQueryRunsTheModel() {
    try (TestServer s = serverWithDocs(dir.resolve("off"), "0")) {
      query(s, "when are tides highest");
      query(s, "when are tides highest");
      assertEquals(0, counter(s, "rag_query_cache_hits_total"));
      assertEquals(2, counter(s, "rag_query_cache_misses_total"));
    }
  }
}
