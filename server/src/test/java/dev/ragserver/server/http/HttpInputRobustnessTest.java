package dev.ragserver.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and malformed HTTP input, replayed over real HTTP against a server with API keys: each
 * gets its 4xx in bounded time, no error body shows a server path or a stack trace, no request can
 * add metric series, and the server then answers an ordinary query.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class HttpInputRobustnessTest {
  private static final String ADMIN = "robust-admin-key-0123";
  private static final String READ = "robust-read-key-01234";
  @TempDir static Path dir;
  private TestServer s;

  @BeforeAll
  void start() {
    s =
        new TestServer(
            dir.resolve("data"),
            Map.of(
                "server.admin_keys", "[\"" + ADMIN + "\"]",
                "server.read_keys", "[\"" + READ + "\"]",
                "server.host", "127.0.0.1",
                "server.max_request_bytes", "2000000",
                "server.max_query_image_pixels", "1000000",
                "server.max_embedding_tokens", "5000"));
    s.key(ADMIN).put("/v1/collections/c", "{}");
    TestServer.Response r =
        s.post(
            "/v1/collections/c/documents",
            "{\"documents\": [{\"id\": \"owls\", \"text\": \"Barn owls hunt voles at night.\","
                + " \"metadata\": {\"team\": \"birds\"}}]}");
    assertEquals(200, r.status(), r.text());
  }

  @AfterAll
  void stop() {
    s.close();
  }

  /** After every case: the server still answers an ordinary query, correctly. */
  @AfterEach
  void stillAnswers() {
    TestServer.Response r =
        s.key(READ).post("/v1/collections/c/query", "{\"query\": \"owls at night\", \"top_k\": 1}");
    assertEquals(200, r.status(), r.text());
    assertEquals("owls", r.json().at("/hits/0/document_id").asText());
  }

  /** A 4xx problem document that reveals nothing of the server's insides. */
  private JsonNode problem(TestServer.Response r, int status) {
    assertEquals(status, r.status(), r.text());
    assertEquals(Problems.MEDIA_TYPE, r.contentType().split(";")[0], r.text());
    String body = r.text();
    assertFalse(body.contains(dir.toString()), "no server path: " + body);
    assertFalse(body.contains("/tmp/"), "no server path: " + body);
    assertFalse(body.contains("\tat ") || body.contains("Exception:"), "no stack: " + body);
    return r.json();
  }

  @Test
  void unknownMethodsAddNoMetricSeries() {
    unknownMethods("XMETH");
    seriesCount(); // the scrape itself is a series, from its first time on
    int before = seriesCount();
    unknownMethods("ZMETH");
    assertEquals(before, seriesCount(), "80 more unknown methods and paths added series");
  }

  /** 40 made-up methods on a route and 40 on paths that match none. */
  private void unknownMethods(String prefix) {
    for (int i = 0; i < 40; i++) {
      TestServer.Response r =
          s.key(READ)
              .send(
                  s.request("/v1/collections")
                      .method(
                          prefix + (char) ('A' + i % 26) + i, HttpRequest.BodyPublishers.noBody()));
      assertTrue(r.status() >= 400 && r.status() < 500, "answered " + r.status());
      s.send(
          s.request("/v1/collections/c/nothing-here-" + prefix + i)
              .method(prefix + i, HttpRequest.BodyPublishers.noBody()));
    }
  }

  private int seriesCount() {
    String metrics = s.key(READ).get("/metrics").text();
    Matcher m = Pattern.compile("(?m)^http_server_requests_seconds_count\\{").matcher(metrics);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  @Test
  void aMalformedUriGetsAProblemDocumentNotAnHtmlPage() throws IOException {
    String answer = raw("GET /v1/collections/%zz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
    assertTrue(answer.contains("application/problem+json"), answer);
    assertFalse(answer.contains("<html"), answer);
  }

  private String raw(String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", s.server.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      byte[] buf = new byte[4096];
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (System.nanoTime() < deadline) {
        int n;
        try {
          n = in.read(buf);
        } catch (java.net.SocketTimeoutException e) {
          break;
        }
        if (n < 0) {
          break;
        }
        got.write(buf, 0, n);
        if (got.toString(StandardCharsets.ISO_8859_1).contains("}")) {
          break;
        }
      }
      return got.toString(StandardCharsets.ISO_8859_1);
    }
  }

  @Test
  void aDeeplyNestedNotFilterIsRefusedAtOnce() {
    String filter = "{\"field\": \"team\", \"equals\": \"birds\"}";
    for (int i = 0; i < 900; i++) {
      filter = "{\"not\": " + filter + "}";
    }
    long t0 = System.nanoTime();
    JsonNode p =
        problem(
            s.key(READ)
                .post(
                    "/v1/collections/c/query", "{\"query\": \"owls\", \"filter\": " + filter + "}"),
            400);
    assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5), "refused, not evaluated");
    assertEquals("filter", p.get("field").asText());
    assertTrue(p.get("detail").asText().contains("search.max_filter_depth"), p.toString());
  }

  @Test
  void doubleNegationMeansTheConditionItself() {
    String plain = "{\"field\": \"team\", \"equals\": \"birds\"}";
    String twice = "{\"not\": {\"not\": " + plain + "}}";
    JsonNode a =
        s.key(READ)
            .post("/v1/collections/c/query", "{\"query\": \"owls\", \"filter\": " + plain + "}")
            .json();
    JsonNode b =
        s.post("/v1/collections/c/query", "{\"query\": \"owls\", \"filter\": " + twice + "}")
            .json();
    assertEquals(a.get("hits"), b.get("hits"));
    assertEquals(1, b.get("hits").size());
  }

  @Test
  void hugeInAndOrFiltersAreRefusedWithTheLimitAndLongOnesWithinItWork() {
    StringBuilder values = new StringBuilder("\"birds\"");
    for (int i = 0; i < 1000; i++) {
      values.append(", \"team-").append(i).append('"');
    }
    TestServer.Response ok =
        s.key(READ)
            .post(
                "/v1/collections/c/query",
                "{\"query\": \"owls\", \"filter\": {\"field\": \"team\", \"in\": ["
                    + values
                    + "]}}");
    assertEquals(200, ok.status(), ok.text());
    assertEquals("owls", ok.json().at("/hits/0/document_id").asText(), "1,001 values match");
    for (int i = 1000; i < 1030; i++) {
      values.append(", ").append(i);
    }
    JsonNode in =
        problem(
            s.post(
                "/v1/collections/c/query",
                "{\"query\": \"owls\", \"filter\": {\"field\": \"team\", \"in\": ["
                    + values
                    + "]}}"),
            400);
    assertTrue(in.get("detail").asText().contains("search.max_filter_nodes"), in.toString());
    StringBuilder or = new StringBuilder();
    for (int i = 0; i < 1100; i++) {
      or.append(i == 0 ? "" : ", ")
          .append("{\"field\": \"team\", \"equals\": \"t")
          .append(i)
          .append("\"}");
    }
    problem(
        s.post(
            "/v1/collections/c/query", "{\"query\": \"owls\", \"filter\": {\"or\": [" + or + "]}}"),
        400);
    StringBuilder conditions = new StringBuilder();
    for (int i = 0; i < 1100; i++) {
      conditions
          .append(i == 0 ? "" : ", ")
          .append("{\"name\": [\"team\"], \"comparison_operator\": \"is\", \"value\": \"t")
          .append(i)
          .append("\"}");
    }
    TestServer.Response dify =
        s.post(
            "/retrieval",
            "{\"knowledge_id\": \"c\", \"query\": \"owls\", \"metadata_condition\":"
                + " {\"logical_operator\": \"or\", \"conditions\": ["
                + conditions
                + "]}}");
    assertTrue(dify.status() >= 400 && dify.status() < 500, dify.status() + " " + dify.text());
  }

  @Test
  void nullMetadataAndRepeatedIdsAreRefusedAndNothingIsWritten() {
    JsonNode nul =
        problem(
            s.key(ADMIN)
                .post(
                    "/v1/collections/c/documents",
                    "{\"documents\": [{\"id\": \"n\", \"text\": \"x\", \"metadata\": {\"a\": null}}]}"),
            400);
    assertTrue(nul.get("detail").asText().contains("metadata.a"), nul.toString());
    JsonNode dup =
        problem(
            s.post(
                "/v1/collections/c/documents",
                "{\"documents\": [{\"id\": \"dup\", \"text\": \"one\"}, {\"id\": \"dup\", \"text\": \"two\"}]}"),
            400);
    assertEquals("documents[1].id", dup.get("field").asText());
    assertEquals(404, s.get("/v1/collections/c/documents/dup").status(), "the batch wrote nothing");
    assertEquals(404, s.get("/v1/collections/c/documents/n").status());
  }

  @Test
  void brokenMultipartBodiesAre400AndOversizedOnes413() {
    // all on the shared client: each refusal says Connection: close, so the next request (and the
    // ordinary query after the test) never lands on a connection the server has closed
    String path = "/v1/collections/c/documents";
    s.key(ADMIN);
    problem(
        s.send(
            s.request(path)
                .header("Content-Type", "multipart/form-data")
                .POST(HttpRequest.BodyPublishers.ofString("no boundary at all"))),
        400);
    problem(
        s.send(
            s.request(path)
                .header("Content-Type", "multipart/form-data; boundary=zz")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "--zz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\ncut"))),
        400);
    // as curl does for large bodies: the 413 comes before the body is sent
    problem(
        s.send(
            s.request(path)
                .expectContinue(true)
                .header("Content-Type", "multipart/form-data; boundary=zz")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[2_500_000]))),
        413);
    problem(
        s.key(READ)
            .send(
                s.request("/v1/collections/c/query")
                    .header("Content-Type", "multipart/form-data; boundary=zz")
                    .POST(HttpRequest.BodyPublishers.ofString("garbage"))),
        400);
  }

  @Test
  void aLongUploadNameIsKeptAsTheIdAndNeverReachesTheFileSystem() {
    String name = "文".repeat(120) + ".txt"; // 364 bytes of UTF-8: too long for a file name
    TestServer.Response r =
        s.key(ADMIN)
            .upload("/v1/collections/c/documents", name, "A kestrel hovers over the verge.");
    assertEquals(200, r.status(), r.text());
    assertEquals("succeeded", r.json().get("state").asText(), r.text());
    TestServer.Response doc =
        s.get(
            "/v1/collections/c/documents/"
                + java.net.URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20"));
    assertEquals(200, doc.status(), doc.text());
  }

  @Test
  void aFailedSingleFileUploadIsNotASuccess() {
    TestServer.Response r =
        s.key(ADMIN)
            .upload("/v1/collections/c/documents", "broken.pdf", "%PDF-1.7 this is not a pdf");
    assertEquals(422, r.status(), r.text());
    assertEquals(1, r.json().get("files_failed").asInt());
    assertFalse(r.text().contains(dir.toString()), "no server path: " + r.text());
  }

  @Test
  void embeddingRequestsOverTheTokenBudgetAreRefusedBeforeAnyWork() {
    StringBuilder inputs = new StringBuilder();
    String longText = "word ".repeat(400);
    for (int i = 0; i < 64; i++) {
      inputs.append(i == 0 ? "" : ", ").append('"').append(longText).append('"');
    }
    long t0 = System.nanoTime();
    JsonNode p = problem(s.key(READ).post("/v1/embeddings", "{\"input\": [" + inputs + "]}"), 400);
    assertTrue(p.get("detail").asText().contains("server.max_embedding_tokens"), p.toString());
    assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10), "refused before embedding");
    assertEquals(
        200, s.post("/v1/embeddings", "{\"input\": [\"a short sentence\", \"another\"]}").status());
  }

  @Test
  void aQueryImageOverThePixelLimitIsRefusedFromItsHeader() throws IOException {
    byte[] png = pngDeclaring(20_000, 20_000);
    String boundary = "----img";
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"q.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    body.writeBytes(png);
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    long t0 = System.nanoTime();
    JsonNode p =
        problem(
            s.key(READ)
                .send(
                    s.request("/v1/collections/c/query")
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))),
            400);
    assertEquals("image", p.get("field").asText(), p.toString());
    assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5), "not decoded");
  }

  /** A tiny valid PNG whose header declares another size (its CRC recomputed). */
  static byte[] pngDeclaring(int width, int height) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB), "png", out);
    byte[] png = out.toByteArray();
    ByteBuffer b = ByteBuffer.wrap(png);
    b.putInt(16, width).putInt(20, height); // IHDR data starts at 16: signature 8, length 4, type 4
    CRC32 crc = new CRC32();
    crc.update(png, 12, 17); // type + 13 bytes of data
    b.putInt(29, (int) crc.getValue());
    return png;
  }

  @Test
  void slowBodyIsCutOffWithA408() throws IOException {
    String body = "{\"query\": \"owls at night\", \"top_k\": 1}";
    try (Socket socket = new Socket("127.0.0.1", s.server.port())) {
      socket.setSoTimeout(200);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /v1/collections/c/query HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                  + READ
                  + "\r\nContent-Type: application/json\r\nContent-Length: "
                  + body.length()
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      long t0 = System.nanoTime();
      String answer = "";
      for (int i = 0; i < body.length() && answer.isEmpty(); i++) {
        out.write(body.charAt(i));
        out.flush();
        try {
          byte[] buf = new byte[2048];
          int n = socket.getInputStream().read(buf);
          answer = n > 0 ? new String(buf, 0, n, StandardCharsets.US_ASCII) : "closed";
        } catch (java.net.SocketTimeoutException e) {
          // nothing yet: trickle on (one byte per 200 ms, ~5 bytes/s)
        } catch (java.net.SocketException e) {
          answer = "reset";
        }
      }
      long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
      assertTrue(answer.startsWith("HTTP/1.1 408"), "answered: " + answer);
      assertTrue(seconds < 5, "cut off after " + seconds + " s");
    }
  }
}
