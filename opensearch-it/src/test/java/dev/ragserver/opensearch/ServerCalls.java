package dev.ragserver.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** JSON calls to a server of a test on loopback, each with a deadline (a test fails, not hangs). */
final class ServerCalls {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  /** A server's answer: the status and the JSON body (an empty object when it has none). */
  record Reply(int status, JsonNode body) {}

  /** The bytes and content type of a GET, with a 60-second deadline. */
  record Bytes(int status, String contentType, byte[] body) {}

  /** GETs bytes (an image). */
  Bytes bytes(int port, String path) throws Exception {
    HttpResponse<byte[]> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    return new Bytes(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
  }

  /** Sends one request with a JSON body (or none) and a 60-second deadline. */
  Reply call(int port, String method, String path, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(
        r.statusCode(), r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body()));
  }

  /** {@link #call}, failing the test unless the status is the one expected; the JSON body. */
  JsonNode expect(int port, String method, String path, String body, int expected)
      throws Exception {
    Reply r = call(port, method, path, body);
    org.junit.jupiter.api.Assertions.assertEquals(
        expected, r.status(), method + " " + path + ": " + r.body());
    return r.body();
  }
}
