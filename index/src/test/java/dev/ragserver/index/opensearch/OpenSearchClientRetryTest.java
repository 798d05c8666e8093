package dev.ragserver.index.opensearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.ragserver.index.IndexException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client's retry rules against a scripted HTTP endpoint (the real cluster is exercised by the
 * opensearch-it module): which replies are retried, which items are resent, when it gives up.
 */
class OpenSearchClientRetryTest {
  private HttpServer server;
  private final List<String> bodies = new ArrayList<>();
  private final AtomicInteger calls = new AtomicInteger();
  private volatile Script script;

  interface Script {
    String[] reply(int call, String body); // {status, json}
  }

  @BeforeEach
  void start() throws IOException {
    server =
        HttpServer.create(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          bodies.add(body);
          String[] r = script.reply(calls.incrementAndGet(), body);
          byte[] out = r[1].getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(Integer.parseInt(r[0]), out.length);
          try (OutputStream o = exchange.getResponseBody()) {
            o.write(out);
          }
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private OpenSearchClient client(int attempts) {
    return new OpenSearchClient(
        List.of(URI.create("http://127.0.0.1:" + server.getAddress().getPort())),
        "u",
        "p",
        Duration.ofSeconds(5),
        new OpenSearchClient.Retry(attempts, Duration.ofMillis(1), Duration.ofMillis(5)));
  }

  private static List<OpenSearchClient.BulkAction> actions(int n) {
    ObjectMapper json = new ObjectMapper();
    List<OpenSearchClient.BulkAction> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(
          new OpenSearchClient.BulkAction.Index(
              "c" + i, json.createObjectNode().put("text", "chunk " + i)));
    }
    return out;
  }

  private static String item(String op, int status) {
    return "{\""
        + op
        + "\": {\"status\": "
        + status
        + (status >= 300 ? ", \"error\": {\"type\": \"t\", \"reason\": \"r" + status + "\"}" : "")
        + "}}";
  }

  @Test
  void aRefusedBulkIsResentWholeAfterBackingOff() {
    script =
        (call, body) ->
            call < 3
                ? new String[] {"429", "{\"error\": \"too many requests\"}"}
                : new String[] {
                  "200", "{\"items\": [" + item("index", 201) + "," + item("index", 200) + "]}"
                };
    try (OpenSearchClient c = client(5)) {
      OpenSearchClient.BulkResult r = c.bulk("docs", actions(2), false);
      assertEquals(3, r.attempts());
      assertEquals(List.of(), r.failures());
    }
    assertEquals(bodies.get(0), bodies.get(2), "the same actions, with their ids, each time");
    assertTrue(bodies.get(0).contains("{\"index\":{\"_id\":\"c1\"}}"), bodies.get(0));
  }

  @Test
  void onlyItemsRefusedWith429Or5xxAreResentAndBadDocumentsAreReported() {
    script =
        (call, body) ->
            call == 1
                ? new String[] {
                  "200",
                  "{\"items\": ["
                      + item("index", 201)
                      + ","
                      + item("index", 429)
                      + ","
                      + item("index", 400)
                      + "]}"
                }
                : new String[] {"200", "{\"items\": [" + item("index", 201) + "]}"};
    try (OpenSearchClient c = client(5)) {
      OpenSearchClient.BulkResult r = c.bulk("docs", actions(3), false);
      assertEquals(2, r.attempts());
      assertEquals(List.of("c2: t: r400"), r.failures());
    }
    assertTrue(
        bodies.get(1).contains("\"c1\"")
            && !bodies.get(1).contains("\"c0\"")
            && !bodies.get(1).contains("\"c2\""),
        bodies.get(1));
  }

  @Test
  void itGivesUpAfterTheLastTryAndSaysHowManyActionsWereNotApplied() {
    script =
        (call, body) ->
            new String[] {
              "503",
              "{\"error\": {\"type\": \"cluster_block_exception\", \"reason\": \"no" + " master\"}}"
            };
    try (OpenSearchClient c = client(3)) {
      IndexException e =
          assertThrows(IndexException.class, () -> c.bulk("docs", actions(4), false));
      assertEquals(
          "OpenSearch kept refusing a bulk request to docs after 3 tries (4 of 4 actions not applied): 503:"
              + " cluster_block_exception: no master",
          e.getMessage());
    }
    assertEquals(3, calls.get());
  }

  @Test
  void anUnreachableClusterIsAClearErrorNamingEachHost() {
    try (OpenSearchClient c =
        new OpenSearchClient(
            List.of(URI.create("http://127.0.0.1:1"), URI.create("http://127.0.0.1:2")),
            null,
            null,
            Duration.ofSeconds(2),
            OpenSearchClient.Retry.standard())) {
      IndexException e = assertThrows(IndexException.class, c::health);
      assertTrue(
          e.getMessage()
              .startsWith("the OpenSearch cluster is unreachable (GET /_cluster/health): "),
          e.getMessage());
      assertTrue(
          e.getMessage().contains("http://127.0.0.1:1")
              && e.getMessage().contains("http://127.0.0.1:2"),
          e.getMessage());
    }
  }

  @Test
  void basicAuthIsSentWhenAUserIsGiven() {
    List<String> auth = new ArrayList<>();
    server.removeContext("/");
    server.createContext(
        "/",
        exchange -> {
          auth.add(exchange.getRequestHeaders().getFirst("Authorization"));
          byte[] out =
              "{\"status\": \"green\", \"number_of_nodes\": 2, \"unassigned_shards\": 0}"
                  .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, out.length);
          try (OutputStream o = exchange.getResponseBody()) {
            o.write(out);
          }
        });
    try (OpenSearchClient c = client(1)) {
      assertEquals(new OpenSearchClient.Health("green", 2, 0), c.health());
    }
    assertEquals(List.of("Basic dTpw"), auth);
  }
}
