package dev.ragserver.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * API keys in short form (server.admin_keys, server.read_keys): admin keys do everything, read keys
 * read, everyone else gets 401 (Dify's route: 403). Scoped keys: {@code keys.ScopedKeysTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthTest {
  private static final String ADMIN = "admin-key-0123456789";
  private static final String READ = "read-key-0123456789ab";
  @TempDir static Path dir;
  private TestServer s;

  @BeforeAll
  void start() {
    s = new TestServer(dir, TestServer.withKeys(ADMIN, READ));
    s.key(ADMIN).put("/v1/collections/secure", "{}");
  }

  @AfterAll
  void stop() {
    s.close();
  }

  @Test
  void noKeyOrAWrongKeyIsUnauthorized() {
    TestServer.Response none = s.key(null).get("/v1/collections");
    assertEquals(401, none.status());
    assertEquals(Problems.MEDIA_TYPE, none.contentType());
    assertTrue(none.json().get("detail").asText().contains("Authorization: Bearer"));
    assertEquals(401, s.key("wrong-key-0123456789").get("/v1/collections").status());
    assertEquals(
        403,
        s.key(null).post("/retrieval", "{\"knowledge_id\": \"secure\", \"query\": \"x\"}").status(),
        "Dify refuses a key only on 403");
  }

  @Test
  void theWebConsoleLoadsWithoutAKeyAndKeepsToThisServer() {
    TestServer.Response page = s.key(null).get("/");
    assertEquals(200, page.status());
    assertTrue(page.contentType().startsWith("text/html"), page.contentType());
    assertTrue(page.text().contains("<script src=\"console.js\""), "the console page");
    TestServer.Response script = s.get("/console.js");
    assertEquals(200, script.status());
    assertTrue(script.text().contains("Authorization"), "the script sends the key the user enters");
    HttpResponse<Void> head = headers("/");
    assertTrue(
        head.headers()
            .firstValue("Content-Security-Policy")
            .orElse("")
            .contains("default-src 'self'"));
    assertEquals(401, s.get("/v1/collections").status(), "the data behind it still needs a key");
  }

  private HttpResponse<Void> headers(String path) {
    try {
      return HttpClient.newHttpClient()
          .send(s.request(path).GET().build(), HttpResponse.BodyHandlers.discarding());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aReadKeyReadsButMayNotWrite() {
    s.key(READ);
    assertEquals(200, s.get("/v1/collections/secure").status());
    assertEquals(200, s.post("/v1/collections/secure/query", "{\"query\": \"anything\"}").status());
    assertEquals(200, s.post("/v1/embeddings", "{\"input\": \"x\"}").status());
    TestServer.Response forbidden = s.put("/v1/collections/other", "{}");
    assertEquals(403, forbidden.status());
    // the refusal names the key (never the secret) and what it lacks
    assertEquals(
        "API key read_keys[0] has the read role; PUT /v1/collections/{c} needs admin",
        forbidden.json().get("detail").asText());
    assertEquals(403, s.post("/v1/collections/secure/documents", "{\"documents\": []}").status());
    assertEquals(403, s.delete("/v1/collections/secure").status());
  }

  @Test
  void anAdminKeyDoesEverythingAlsoAsAnApiKeyHeader() {
    assertEquals(
        200,
        s.key(ADMIN)
            .post(
                "/v1/collections/secure/documents",
                "{\"documents\": [{\"id\": \"d\", \"text\": \"hello\"}]}")
            .status());
    TestServer.Response viaHeader =
        s.key(null).send(s.request("/v1/collections/secure").header("api-key", ADMIN).GET());
    assertEquals(200, viaHeader.status());
  }

  @Test
  void operationsRoutesAreOpenButMetricsNeedAReadKey() {
    s.key(null);
    assertEquals(200, s.get("/livez").status());
    assertEquals(200, s.get("/readyz").status());
    assertEquals(200, s.get("/v1/openapi.json").status());
    assertEquals(401, s.get("/metrics").status(), "collection names are not public by default");
    assertEquals(200, s.key(READ).get("/metrics").status());
  }

  @Test
  void metricsCanBeOpenedForAPrometheusWithoutCredentials(@TempDir Path other) {
    try (TestServer open =
        new TestServer(
            other,
            Map.of("server.admin_keys", "[\"" + ADMIN + "\"]", "server.metrics_access", "open"))) {
      assertEquals(200, open.get("/metrics").status());
      assertEquals(401, open.get("/v1/collections").status(), "the API stays behind its keys");
    }
  }

  @Test
  void headAnswersAsGetWouldWithTheKeyCheckedFirst() {
    TestServer.Response anonymous = s.key(null).send(s.request("/v1/collections").HEAD());
    assertEquals(401, anonymous.status(), "HEAD is no way around the key");
    assertEquals(200, s.key(READ).send(s.request("/v1/collections").HEAD()).status());
    assertEquals(
        404,
        s.key(READ).send(s.request("/v1/collections/none-such").HEAD()).status(),
        "the GET route's own answer, not a bare 200");
    TestServer.Response head = s.key(READ).send(s.request("/v1/collections/secure").HEAD());
    assertEquals(200, head.status());
    assertEquals(0, head.body().length, "no body on HEAD");
  }

  @Test
  void withoutKeysTheServerBindsToLocalhostOnly(@TempDir Path other) {
    try (TestServer open = new TestServer(other, Map.of("server.host", "0.0.0.0"))) {
      assertEquals("127.0.0.1", open.server.host());
      assertEquals(200, open.get("/v1/collections").status(), "and needs no key");
    }
    assertEquals("127.0.0.1", s.server.host(), "with keys it binds what it is told");
  }
}
