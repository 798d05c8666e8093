package dev.ragserver.server.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ragserver.server.http.Json;
import dev.ragserver.server.http.Role;
import dev.ragserver.server.http.TestServer;
import dev.ragserver.server.keys.KeyFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every write over HTTP leaves one JSON line in the audit trail: who (the key's name), what (route,
 * collection, ids or counts) and how it ended, refusals included; never a secret or a text.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class AuditTrailTest {
  private static final String TEXT = "Lighthouse keepers trimmed the wicks at dusk.";

  @TempDir Path dir;

  private static List<JsonNode> lines(Path file) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (String l : Files.readAllLines(file)) {
      out.add(Json.MAPPER.readTree(l));
    }
    return out;
  }

  @Test
  void eachWriteIsOneLineNamingTheKeyTheCollectionAndTheResult() throws IOException {
    Path data = dir.resolve("data");
    KeyFile keys = new KeyFile(data.resolve("keys.yaml"));
    String admin = keys.add("ops", Role.ADMIN, List.of("*"));
    String writer = keys.add("app1-writer", Role.WRITE, List.of("app1*"));
    String reader = keys.add("app1-reader", Role.READ, List.of("app1*"));
    try (TestServer s = new TestServer(data, Map.of("server.host", "127.0.0.1"))) {
      assertEquals(201, s.key(admin).put("/v1/collections/app1-docs", "{}").status());
      assertEquals(
          200,
          s.key(writer)
              .post(
                  "/v1/collections/app1-docs/documents",
                  "{\"documents\": [{\"id\": \"a\", \"text\": \""
                      + TEXT
                      + "\"},"
                      + " {\"id\": \"b\", \"text\": \""
                      + TEXT
                      + "\"}]}")
              .status());
      assertEquals(200, s.delete("/v1/collections/app1-docs/documents/a").status());
      assertEquals(
          200,
          s.post(
                  "/v1/collections/app1-docs/documents/delete",
                  "{\"filter\": {\"field\": \"document_id\", \"equals\": \"b\"}}")
              .status());
      assertEquals(
          403,
          s.key(reader)
              .post("/v1/collections/app1-docs/documents", "{\"documents\": []}")
              .status());
      assertEquals(401, s.key("not-a-key-at-all-000").delete("/v1/collections/app1-docs").status());
      // reads are not writes: no line
      assertEquals(
          200,
          s.key(reader).post("/v1/collections/app1-docs/query", "{\"query\": \"x\"}").status());
      assertEquals(200, s.key(admin).delete("/v1/collections/app1-docs").status());
    }
    Path log = data.resolve("audit.log");
    String raw = Files.readString(log);
    for (String secret : List.of(admin, writer, reader, "not-a-key-at-all-000", TEXT)) {
      assertFalse(raw.contains(secret), "the trail never holds a secret or a text");
    }
    List<JsonNode> lines = lines(log);
    List<String> summary = new ArrayList<>();
    for (JsonNode l : lines) {
      summary.add(
          l.get("key").asText()
              + " "
              + l.get("method").asText()
              + " "
              + l.get("route").asText()
              + " "
              + l.get("collection").asText()
              + " "
              + l.get("status").asInt()
              + " "
              + l.get("result").asText());
      assertTrue(l.get("time").asText().endsWith("Z"), l.toString());
    }
    assertEquals(
        List.of(
            "ops PUT /v1/collections/{c} app1-docs 201 ok",
            "app1-writer POST /v1/collections/{c}/documents app1-docs 200 ok",
            "app1-writer DELETE /v1/collections/{c}/documents/{id} app1-docs 200 ok",
            "app1-writer POST /v1/collections/{c}/documents/delete app1-docs 200 ok",
            "app1-reader POST /v1/collections/{c}/documents app1-docs 403 refused",
            "null DELETE /v1/collections/{c} app1-docs 401 refused",
            "ops DELETE /v1/collections/{c} app1-docs 200 ok"),
        summary);
    JsonNode upsert = lines.get(1);
    assertEquals("[\"a\",\"b\"]", upsert.get("ids").toString());
    assertEquals(2, upsert.get("documents").asInt());
    assertEquals(1, lines.get(2).get("deleted_documents").asInt());
    assertTrue(lines.get(3).get("by_filter").asBoolean());
    assertEquals(1, lines.get(3).get("deleted_chunks").asInt(), lines.get(3).toString());
  }

  @Test
  void theFileIsRotatedBySizeAndKeepsTheConfiguredNumberOfFiles() throws IOException {
    Path file = dir.resolve("audit.log");
    try (AuditLog log = new AuditLog(file, 1024, 3, Json.MAPPER)) {
      for (int i = 0; i < 200; i++) {
        log.write(Map.of("n", i, "pad", "x".repeat(40)));
      }
    }
    List<Integer> seen = new ArrayList<>();
    for (String name : List.of("audit.log.3", "audit.log.2", "audit.log.1", "audit.log")) {
      Path f = dir.resolve(name);
      assertTrue(Files.exists(f), name);
      assertTrue(Files.size(f) <= 1024, name + ": " + Files.size(f));
      for (JsonNode l : lines(f)) {
        seen.add(l.get("n").asInt());
      }
    }
    assertFalse(Files.exists(dir.resolve("audit.log.4")), "only 3 rotated files are kept");
    // the newest lines, in order, none lost within the files kept
    for (int i = 1; i < seen.size(); i++) {
      assertEquals(seen.get(i - 1) + 1, seen.get(i));
    }
    assertEquals(199, seen.get(seen.size() - 1));
  }
}
