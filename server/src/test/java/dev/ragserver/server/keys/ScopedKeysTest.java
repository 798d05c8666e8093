package dev.ragserver.server.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ragserver.server.http.Json;
import dev.ragserver.server.http.Role;
import dev.ragserver.server.http.TestServer;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keys scoped to collections, over real HTTP: every route of the OpenAPI document (by its x-role) ×
 * every role × a collection the key may and one it may not use, and the routes that name a
 * collection elsewhere (Dify's knowledge_id, a job's collection, the listing, MCP, /metrics).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ScopedKeysTest {
  private static final String MINE = "app1-docs";
  private static final String THEIRS = "other";
  // the matrix's own pair: it deletes them at its end
  private static final String MATRIX_MINE = "app1-matrix";
  private static final String MATRIX_THEIRS = "other-matrix";

  @TempDir static Path dir;
  private TestServer s;
  private KeyFile file;

  /** name → secret, in the order of the matrix */
  private final Map<String, String> secrets = new LinkedHashMap<>();

  private final Map<String, ApiKey> keys = new HashMap<>();

  @BeforeAll
  void start() {
    Path data = dir.resolve("data");
    file = new KeyFile(data.resolve("keys.yaml"));
    for (Role role : List.of(Role.READ, Role.WRITE, Role.ADMIN)) {
      secrets.put("app1-" + role.id(), file.add("app1-" + role.id(), role, List.of("app1*")));
      secrets.put("all-" + role.id(), file.add("all-" + role.id(), role, List.of("*")));
    }
    file.load().forEach(k -> keys.put(k.name(), k));
    s = new TestServer(data, Map.of("server.host", "127.0.0.1", "server.metrics_access", "read"));
    for (String c : List.of(MINE, THEIRS, MATRIX_MINE, MATRIX_THEIRS)) {
      assertEquals(201, s.key(secrets.get("all-admin")).put("/v1/collections/" + c, "{}").status());
      assertEquals(
          200,
          s.post(
                  "/v1/collections/" + c + "/documents",
                  "{\"documents\": [{\"id\": \"doc1\", \"text\": \"Tides follow the moon in "
                      + c
                      + ".\"}]}")
              .status());
    }
  }

  @AfterAll
  void stop() {
    s.close();
  }

  /** One operation of the OpenAPI document. */
  private record Operation(String method, String path, Role role) {}

  private static List<Operation> operations() throws IOException {
    JsonNode doc =
        Json.MAPPER.readTree(
            ScopedKeysTest.class.getResourceAsStream("/dev/ragserver/server/openapi.json"));
    List<Operation> out = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> p = doc.get("paths").properties().iterator();
        p.hasNext(); ) {
      Map.Entry<String, JsonNode> path = p.next();
      for (Iterator<Map.Entry<String, JsonNode>> m = path.getValue().properties().iterator();
          m.hasNext(); ) {
        Map.Entry<String, JsonNode> op = m.next();
        JsonNode role = op.getValue().get("x-role");
        if (role != null && !role.asText().equals("open")) {
          out.add(new Operation(op.getKey().toUpperCase(), path.getKey(), Role.of(role.asText())));
        }
      }
    }
    // deletes of whole collections last: the other operations need the collections
    out.sort(
        java.util.Comparator.comparing(
            o -> o.method().equals("DELETE") && o.path().equals("/v1/collections/{c}")));
    return out;
  }

  private TestServer.Response send(Operation op, String collection, String secret) {
    String path =
        op.path()
            .replace("{c}", collection)
            .replace("{id}", "doc1")
            .replace("{model}", "bge-small-en-v1.5");
    s.key(secret);
    return switch (op.method()) {
      case "GET" -> s.get(path);
      case "DELETE" -> s.delete(path);
      case "PUT" -> s.put(path, "{}");
      default -> s.post(path, "{}");
    };
  }

  @Test
  void everyRouteRefusesExactlyTheKeysWhoseRoleOrCollectionsFallShort() throws IOException {
    List<String> wrong = new ArrayList<>();
    int checked = 0;
    for (Operation op : operations()) {
      List<String> targets =
          op.path().contains("{c}") ? List.of(MATRIX_MINE, MATRIX_THEIRS) : List.of(MATRIX_MINE);
      for (String collection : targets) {
        for (Map.Entry<String, String> k : secrets.entrySet()) {
          ApiKey key = keys.get(k.getKey());
          TestServer.Response r = send(op, collection, k.getValue());
          checked++;
          String detail = r.contentType().contains("json") ? r.json().path("detail").asText() : "";
          boolean refusedByKey = r.status() == 403 && detail.startsWith("API key " + key.name());
          boolean roleOk = key.role().covers(op.role());
          boolean collectionOk = !op.path().contains("{c}") || key.allows(collection);
          String what = op.method() + " " + op.path() + " on " + collection + " with " + key.name();
          if (r.status() == 401) {
            wrong.add(what + ": 401 " + detail);
          } else if (roleOk && collectionOk && refusedByKey) {
            wrong.add(what + ": refused, " + detail);
          } else if (!roleOk && !(refusedByKey && detail.contains("needs " + op.role().id()))) {
            wrong.add(what + ": not refused for its role (" + r.status() + " " + detail + ")");
          } else if (roleOk
              && !collectionOk
              && !(refusedByKey && detail.contains("may not use collection " + collection))) {
            wrong.add(
                what + ": not refused for the collection (" + r.status() + " " + detail + ")");
          }
          assertFalse(r.text().contains(k.getValue()), "a refusal never shows the secret");
        }
      }
    }
    assertTrue(checked > 150, "checked: " + checked);
    assertEquals(List.of(), wrong);
  }

  @Test
  void aKeySeesOnlyItsCollectionsInTheListing() {
    assertTrue(names(s.key(secrets.get("app1-read")).get("/v1/collections")).contains(MINE));
    assertTrue(
        names(s.key(secrets.get("app1-read")).get("/v1/collections")).stream()
            .allMatch(n -> n.startsWith("app1")),
        "only app1*");
    assertTrue(
        names(s.key(secrets.get("all-read")).get("/v1/collections"))
            .containsAll(List.of(MINE, THEIRS)));
  }

  private static List<String> names(TestServer.Response r) {
    assertEquals(200, r.status(), r.text());
    List<String> out = new ArrayList<>();
    r.json().get("collections").forEach(c -> out.add(c.get("name").asText()));
    return out;
  }

  @Test
  void difysKnowledgeIdIsAScopedCollection() {
    String body =
        "{\"knowledge_id\": \"%s\", \"query\": \"tides\", \"retrieval_setting\": {\"top_k\": 1}}";
    TestServer.Response refused =
        s.key(secrets.get("app1-read")).post("/retrieval", body.formatted(THEIRS));
    assertEquals(403, refused.status(), refused.text());
    assertEquals(1002, refused.json().get("error_code").asInt());
    assertTrue(refused.json().get("error_msg").asText().contains("app1-read"), refused.text());
    assertEquals(200, s.post("/retrieval", body.formatted(MINE)).status());
  }

  @Test
  void aJobIsSeenAndCancelledOnlyWithItsCollection() {
    TestServer.Response job =
        s.key(secrets.get("all-write"))
            .upload("/v1/collections/" + THEIRS + "/jobs", "note.txt", "A note about tides.");
    assertEquals(202, job.status(), job.text());
    String url = job.json().get("url").asText();
    TestServer.Response hidden = s.key(secrets.get("app1-read")).get(url);
    assertEquals(403, hidden.status(), hidden.text());
    assertTrue(hidden.json().get("detail").asText().contains("may not use collection " + THEIRS));
    assertEquals(403, s.key(secrets.get("app1-write")).delete(url).status());
    assertEquals(200, s.key(secrets.get("all-read")).get(url).status());
  }

  @Test
  void aSnapshotOfAnotherAppsCollectionCannotBeRestoredIntoOnesOwn() {
    TestServer.Response snap =
        s.key(secrets.get("all-admin")).post("/v1/collections/" + THEIRS + "/snapshots", "");
    assertEquals(201, snap.status(), snap.text());
    String from = THEIRS + "/" + snap.json().get("id").asText();
    TestServer.Response stolen =
        s.key(secrets.get("app1-admin"))
            .put("/v1/collections/app1-stolen", "{\"restore_from\": \"" + from + "\"}");
    assertEquals(403, stolen.status(), stolen.text());
    assertTrue(stolen.json().get("detail").asText().contains("may not use collection " + THEIRS));
    assertEquals(404, s.key(secrets.get("all-admin")).get("/v1/collections/app1-stolen").status());
    assertEquals(
        403,
        s.key(secrets.get("app1-admin")).get("/v1/collections/" + THEIRS + "/snapshots").status());
  }

  @Test
  void metricsNeedAKeyForEveryCollection() {
    TestServer.Response scoped = s.key(secrets.get("app1-admin")).get("/metrics");
    assertEquals(403, scoped.status(), scoped.text());
    assertEquals(200, s.key(secrets.get("all-read")).get("/metrics").status());
  }

  @Test
  void mcpToolsSeeOnlyTheKeysCollections() {
    try (McpSyncClient mcp = mcp(secrets.get("app1-read"))) {
      mcp.initialize();
      McpSchema.CallToolResult list =
          mcp.callTool(new McpSchema.CallToolRequest("list_collections", Map.of()));
      String text = ((McpSchema.TextContent) list.content().get(0)).text();
      assertTrue(text.contains(MINE) && !text.contains(THEIRS), text);
      McpSchema.CallToolResult theirs =
          mcp.callTool(
              new McpSchema.CallToolRequest(
                  "search", Map.of("collection", THEIRS, "query", "tides")));
      assertTrue(theirs.isError(), theirs.toString());
      assertTrue(
          ((McpSchema.TextContent) theirs.content().get(0)).text().contains("may not use"),
          theirs.toString());
      McpSchema.CallToolResult mine =
          mcp.callTool(
              new McpSchema.CallToolRequest(
                  "search", Map.of("collection", MINE, "query", "tides")));
      assertNotEquals(Boolean.TRUE, mine.isError(), mine.toString());
    }
  }

  private McpSyncClient mcp(String key) {
    return McpClient.sync(
            HttpClientStreamableHttpTransport.builder(s.base())
                .endpoint("/mcp")
                .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + key))
                .connectTimeout(Duration.ofSeconds(10))
                .build())
        .requestTimeout(Duration.ofSeconds(60))
        .initializationTimeout(Duration.ofSeconds(60))
        .build();
  }

  @Test
  void aKeyAddedOrRemovedWhileTheServerRunsWorksOrStopsWithinSeconds() throws Exception {
    String secret = file.add("late", Role.READ, List.of(MINE));
    assertEquals(200, awaitStatus(secret, 200), "the new key works");
    assertTrue(file.remove("late"));
    assertEquals(401, awaitStatus(secret, 401), "the removed key stops working");
  }

  private int awaitStatus(String secret, int wanted) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    int status;
    do {
      status = s.key(secret).get("/v1/collections/" + MINE).status();
      if (status == wanted) {
        return status;
      }
      Thread.sleep(100);
    } while (System.nanoTime() < deadline);
    return status;
  }

  @Test
  void theFileKeepsDigestsNeverSecrets() throws IOException {
    String text = Files.readString(file.path());
    for (String secret : secrets.values()) {
      assertFalse(text.contains(secret));
      assertTrue(text.contains(Secrets.hexDigest(secret)));
    }
  }
}
