package dev.ragserver.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ragserver.config.ConfigLoader;
import dev.ragserver.config.RagConfig;
import dev.ragserver.server.engine.Engine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A real server on a free port over a temporary data folder, and a small HTTP client for it. */
public final class TestServer implements AutoCloseable {
  public final Engine engine;
  public final ServerApp server;
  private final HttpClient http = HttpClient.newHttpClient();
  private String key;

  public TestServer(Path data, Map<String, String> settings) {
    ConfigLoader.Builder b =
        ConfigLoader.builder()
            .environment(Map.of())
            .override("index.data_dir", data.toString())
            .override("index.refresh_interval_ms", "50")
            .override("server.port", "0");
    settings.forEach(b::override);
    RagConfig config = b.build().load();
    this.engine = Engine.open(config);
    this.server = ServerApp.start(engine);
  }

  /** The settings of a server with one admin and one read key, on loopback. */
  public static Map<String, String> withKeys(String admin, String read) {
    return Map.of(
        "server.admin_keys", "[\"" + admin + "\"]",
        "server.read_keys", "[\"" + read + "\"]",
        "server.host", "127.0.0.1");
  }

  /** Sends this API key with every later request (null: none). */
  public TestServer key(String apiKey) {
    this.key = apiKey;
    return this;
  }

  /** A response: status, content type, body. */
  @SuppressWarnings("ArrayRecordComponent")
  // arrays on purpose (a response body as received); a carrier, never compared: identity equality
  // is all it needs
  public record Response(
      int status, String contentType, byte[] body, java.net.http.HttpHeaders headers) {
    /** A response header's first value, or "". */
    public String header(String name) {
      return headers.firstValue(name).orElse("");
    }

    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    public JsonNode json() {
      try {
        return Json.MAPPER.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON (" + status + "): " + text(), e);
      }
    }
  }

  /** The base URL, {@code http://127.0.0.1:PORT}. */
  public String base() {
    return "http://127.0.0.1:" + server.port();
  }

  public Response get(String path) {
    return send(request(path).GET());
  }

  public Response delete(String path) {
    return send(request(path).DELETE());
  }

  public Response post(String path, String json) {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  public Response put(String path, String json) {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(json)));
  }

  /** A multipart upload: parts named "file", one per (name, bytes) pair. */
  public Response upload(String path, List<Map.Entry<String, byte[]>> files) {
    String boundary = "----rag-test-boundary";
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (Map.Entry<String, byte[]> f : files) {
      body.writeBytes(
          ("--"
                  + boundary
                  + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                  + f.getKey()
                  + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
              .getBytes(StandardCharsets.UTF_8));
      body.writeBytes(f.getValue());
      body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    }
    body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return send(
        request(path)
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
  }

  /** A multipart upload of one text file. */
  public Response upload(String path, String name, String text) {
    return upload(path, List.of(Map.entry(name, text.getBytes(StandardCharsets.UTF_8))));
  }

  public HttpRequest.Builder request(String path) {
    // every request has a deadline: a test fails rather than hangs on a server that stopped
    // answering
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .timeout(java.time.Duration.ofMinutes(3));
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    return b;
  }

  public Response send(HttpRequest.Builder b) {
    return send(http, b);
  }

  private static Response send(HttpClient client, HttpRequest.Builder b) {
    try {
      HttpRequest request = b.build();
      HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
      Response response =
          new Response(
              r.statusCode(),
              r.headers().firstValue("Content-Type").orElse(""),
              r.body(),
              r.headers());
      // every response an API test receives must be what the OpenAPI document says
      String broken =
          OpenApiContract.get()
              .violations(
                  request.method(),
                  request.uri().getRawPath(),
                  response.status(),
                  response.contentType(),
                  response.body());
      if (!broken.isEmpty()) {
        throw new AssertionError("the response breaks docs/openapi: " + broken);
      }
      return response;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.close();
    engine.close();
  }
}
