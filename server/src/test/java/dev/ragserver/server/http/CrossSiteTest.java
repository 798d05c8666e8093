package dev.ragserver.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.ragserver.server.console.Chromium;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Without API keys (the default of {@code ./rag serve}) a web page the user happens to open must
 * not be able to write to their local server: foreign {@code Origin}s are refused, writes must be
 * JSON or multipart, and a {@code Host} other than this server's (DNS rebinding) is refused. The
 * last test is the attack itself, from a page of another origin in a real headless Chromium.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class CrossSiteTest {
  private static final String DOCS = "/v1/collections/local/documents";
  @TempDir static Path dir;
  private TestServer s;

  @BeforeAll
  void start() {
    s =
        new TestServer(
            dir.resolve("data"),
            Map.of("server.allowed_origins", "[\"https://console.example.com\"]"));
    assertEquals(201, s.put("/v1/collections/local", "{}").status());
  }

  @AfterAll
  void stop() {
    s.close();
  }

  private static String doc(String id) {
    return "{\"documents\": [{\"id\": \"" + id + "\", \"text\": \"planted text\"}]}";
  }

  private TestServer.Response post(String body, String contentType, String origin) {
    HttpRequest.Builder b =
        s.request(DOCS)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (origin != null) {
      b.header("Origin", origin);
    }
    return s.send(b);
  }

  @Test
  void aWriteSentAsTextPlainIsRefusedAndWritesNothing() {
    TestServer.Response r = post(doc("plain"), "text/plain", null);
    assertEquals(415, r.status(), r.text());
    assertTrue(r.json().get("detail").asText().contains("application/json"));
    assertEquals(404, s.get(DOCS + "/plain").status());
    assertEquals(415, post(doc("form"), "application/x-www-form-urlencoded", null).status());
  }

  @Test
  void aForeignOriginIsRefusedAndTheServersOwnOrAConfiguredOneIsNot() {
    assertEquals(403, post(doc("evil"), "application/json", "http://evil.example").status());
    assertEquals(403, post(doc("null"), "application/json", "null").status());
    assertEquals(404, s.get(DOCS + "/evil").status());
    assertEquals(200, post(doc("own"), "application/json", s.base()).status());
    assertEquals(
        200, post(doc("configured"), "application/json", "https://console.example.com").status());
    assertEquals(
        403,
        s.send(s.request("/v1/collections").header("Origin", "http://evil.example").GET()).status(),
        "reads too: a page cannot use the API from another origin");
  }

  @Test
  void aRebindingHostIsRefused() {
    // java.net.http will not set Host itself, so speak HTTP over a socket
    String answer = raw("GET /v1/collections HTTP/1.1\r\nHost: attacker.example:8080\r\n\r\n");
    assertTrue(answer.startsWith("HTTP/1.1 403"), answer);
    assertTrue(answer.contains("server.allowed_hosts"), answer);
    assertTrue(
        raw("GET /v1/collections HTTP/1.1\r\nHost: localhost:1\r\n\r\n")
            .startsWith("HTTP/1.1 200"));
  }

  @Test
  void theHostCheckAcceptsConfiguredNames(@TempDir Path other) {
    try (TestServer named =
        new TestServer(other, Map.of("server.allowed_hosts", "[\"rag.internal\"]"))) {
      String answer =
          rawTo(named, "GET /v1/collections HTTP/1.1\r\nHost: rag.internal:8080\r\n\r\n");
      assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
    }
  }

  private String raw(String request) {
    return rawTo(s, request);
  }

  private static String rawTo(TestServer server, String request) {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.server.port())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      byte[] buf = new byte[8192];
      int n = socket.getInputStream().read(buf);
      return n < 0 ? "" : new String(buf, 0, n, StandardCharsets.ISO_8859_1);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * The attack of the issue, in a real browser: a page of another origin (another port) posts a
   * document as text/plain with fetch and uploads one with a multipart form. Both reach the server
   * (its metrics count two 403s on the route) and neither is written.
   */
  @Test
  void aPageOfAnotherOriginInARealBrowserCannotPlantDocuments() throws Exception {
    Chromium.require("cross-site browser test");
    String target = s.base() + DOCS;
    String page =
        """
        <!doctype html><html><body>
        <form id="f" method="POST" enctype="multipart/form-data" action="%s" target="sink">
          <input type="hidden" name="file" value="x">
        </form>
        <iframe name="sink"></iframe>
        <script>
          fetch("%s", {method: "POST", mode: "no-cors",
                       headers: {"Content-Type": "text/plain"},
                       body: JSON.stringify({documents: [{id: "planted", text: "evil"}]})})
            .finally(() => { document.getElementById("f").submit(); document.title = "sent"; });
        </script></body></html>
        """
            .formatted(target, target);
    HttpServer attacker = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    attacker.createContext(
        "/",
        ex -> {
          byte[] bytes = page.getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
          ex.sendResponseHeaders(200, bytes.length);
          ex.getResponseBody().write(bytes);
          ex.close();
        });
    attacker.start();
    int before = refused();
    ChromeDriver browser = Chromium.start(dir.resolve("chrome"));
    try {
      browser.get("http://localhost:" + attacker.getAddress().getPort() + "/");
      new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> "sent".equals(d.getTitle()));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (refused() < before + 2 && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertEquals(before + 2, refused(), "both requests reached the server and were refused");
      assertEquals(404, s.get(DOCS + "/planted").status(), "the fetch planted nothing");
      assertEquals(
          0,
          s
              .post("/v1/collections/local/query", "{\"query\": \"evil\", \"top_k\": 5}")
              .json()
              .get("hits")
              .findValuesAsText("document_id")
              .stream()
              .filter(id -> id.equals("planted") || id.startsWith("upload"))
              .count(),
          "the form uploaded nothing");
    } finally {
      browser.quit();
      attacker.stop(0);
    }
  }

  /** How many writes to the documents route were answered 403. */
  private int refused() {
    String metrics = s.get("/metrics").text();
    Matcher m =
        Pattern.compile(
                "http_server_requests_seconds_count\\{method=\"POST\",route=\"/v1/collections/\\{c\\}/documents\",status=\"403\"[^}]*} ([0-9.]+)")
            .matcher(metrics);
    return m.find() ? (int) Double.parseDouble(m.group(1)) : 0;
  }
}
