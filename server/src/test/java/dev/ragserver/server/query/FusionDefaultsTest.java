package dev.ragserver.server.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ragserver.server.cli.CliRun;
import dev.ragserver.server.http.Json;
import dev.ragserver.server.http.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A request gets {@code search.rrf_k} whether it names no fusion, {@code "rrf"}, or RRF without a k
 * (it used to get k = 60 when it said "rrf"), over HTTP and from {@code ./rag search}.
 */
class FusionDefaultsTest {
  @TempDir Path dir;

  private static final String DOCS =
      """
      {"documents": [
        {"id": "owls", "text": "Owls hunt at night. Their feathers make their flight almost silent."},
        {"id": "bats", "text": "Bats hunt insects at night by echolocation."},
        {"id": "tides", "text": "Tides rise and fall twice a day, pulled by the moon."},
        {"id": "bread", "text": "Sourdough bread rises with wild yeast at night in a warm kitchen."}
      ]}""";

  private static List<String> ranking(JsonNode response) {
    List<String> out = new ArrayList<>();
    for (JsonNode h : response.get("hits")) {
      out.add(h.get("chunk_id").asText() + "=" + h.get("score").floatValue());
    }
    return out;
  }

  @Test
  void rrfWithoutAKGetsTheConfiguredKHoweverTheRequestSpellsIt() throws IOException {
    Path data = dir.resolve("data");
    try (TestServer s = new TestServer(data, Map.of("search.rrf_k", "7"))) {
      assertEquals(201, s.put("/v1/collections/night", "{}").status());
      assertEquals(200, s.post("/v1/collections/night/documents", DOCS).status());
      String q = "\"query\": \"what hunts at night?\", \"top_k\": 4";
      List<String> unnamed = ranking(s.post("/v1/collections/night/query", "{" + q + "}").json());
      List<String> named =
          ranking(s.post("/v1/collections/night/query", "{" + q + ", \"fusion\": \"rrf\"}").json());
      List<String> object =
          ranking(
              s.post(
                      "/v1/collections/night/query",
                      "{" + q + ", \"fusion\": {\"method\": \"rrf\"}}")
                  .json());
      List<String> explicit =
          ranking(
              s.post(
                      "/v1/collections/night/query",
                      "{" + q + ", \"fusion\": {\"method\": \"rrf\", \"k\": 7}}")
                  .json());
      List<String> sixty =
          ranking(
              s.post(
                      "/v1/collections/night/query",
                      "{" + q + ", \"fusion\": {\"method\": \"rrf\", \"k\": 60}}")
                  .json());
      assertEquals(4, unnamed.size(), unnamed.toString());
      assertEquals(unnamed, named);
      assertEquals(unnamed, object);
      assertEquals(unnamed, explicit, "the default is search.rrf_k = 7");
      assertNotEquals(
          unnamed, sixty, "k = 60 scores differently, so the comparison above can fail");
    }

    CliRun plain = search(data);
    CliRun rrf = search(data, "--fusion", "rrf");
    assertEquals(0, plain.exit(), plain.err());
    assertEquals(0, rrf.exit(), rrf.err());
    assertEquals(
        ranking(Json.MAPPER.readTree(plain.out())), ranking(Json.MAPPER.readTree(rrf.out())));
    assertTrue(Files.isDirectory(data.resolve("night")));
  }

  /** {@code ./rag search --json -k 4} with {@code search.rrf_k} 7 and these extra options. */
  private static CliRun search(Path data, String... options) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "search",
                "-c",
                "night",
                "--json",
                "--set",
                "index.data_dir=" + data,
                "--set",
                "search.rrf_k=7",
                "-k",
                "4"));
    args.addAll(List.of(options));
    args.add("what hunts at night?");
    return CliRun.of(args.toArray(String[]::new));
  }
}
