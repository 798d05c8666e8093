package dev.ragserver.opensearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragserver.config.ConfigLoader;
import dev.ragserver.server.engine.Engine;
import dev.ragserver.server.http.ServerApp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two servers with data folders of their own over one cluster serve the same collections: what one
 * creates the other lists, writes and searches; what one deletes is gone from the other within a
 * second or two; of two creating one name at once, one gets it and the other is told it exists.
 */
@ExtendWith(SharedCluster.class)
class ReplicasOnOpenSearchTest {
  private final ServerCalls server = new ServerCalls();
  @TempDir Path dir;

  private ServerCalls.Reply call(int port, String method, String path, String body)
      throws Exception {
    return server.call(port, method, path, body);
  }

  private Engine engine(LocalCluster cluster, String folder) {
    return Engine.open(
        ConfigLoader.builder()
            .environment(Map.of())
            .override("index.data_dir", dir.resolve(folder).toString())
            .override("server.port", "0")
            .override("opensearch.hosts", cluster.hostsJson())
            .override("opensearch.index_prefix", "replicas-")
            .build()
            .load());
  }

  private static List<String> names(ServerCalls.Reply list) {
    List<String> out = new ArrayList<>();
    list.body().get("collections").forEach(c -> out.add(c.get("name").asText()));
    return out;
  }

  @Test
  void whatOneServerCreatesTheOtherServesAndWhatOneDeletesIsGoneFromBoth(LocalCluster cluster)
      throws Exception {
    try (Engine engineA = engine(cluster, "a");
        ServerApp a = ServerApp.start(engineA);
        Engine engineB = engine(cluster, "b");
        ServerApp b = ServerApp.start(engineB)) {
      for (String name : List.of("kb", "race")) {
        call(a.port(), "DELETE", "/v1/collections/" + name, null); // a leftover of an earlier run
      }
      String create = "{\"backend\": \"opensearch\", \"shards\": 1, \"replicas\": 1}";
      assertEquals(201, call(a.port(), "PUT", "/v1/collections/kb", create).status());
      assertTrue(names(call(b.port(), "GET", "/v1/collections", null)).contains("kb"));
      assertEquals(
          409,
          call(b.port(), "PUT", "/v1/collections/kb", create).status(),
          "B knows the name is taken");
      ServerCalls.Reply upsert =
          call(
              b.port(),
              "POST",
              "/v1/collections/kb/documents",
              "{\"documents\": [{\"id\": \"kiwi\", \"text\": \"The kiwi is a flightless bird.\"}]}");
      assertEquals(200, upsert.status(), upsert.body().toString());
      ServerCalls.Reply hits =
          call(
              a.port(),
              "POST",
              "/v1/collections/kb/query",
              "{\"query\": \"bird that cannot fly\"}");
      assertEquals(200, hits.status(), hits.body().toString());
      assertEquals("kiwi", hits.body().at("/hits/0/document_id").asText());
      assertEquals(
          "opensearch",
          call(b.port(), "GET", "/v1/collections/kb", null).body().at("/backend/type").asText());

      assertEquals(200, call(b.port(), "DELETE", "/v1/collections/kb", null).status());
      long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      assertEquals(
          404,
          call(a.port(), "GET", "/v1/collections/kb", null).status(),
          "A no longer describes what B deleted (it asks the catalog when the counts fail)");
      int status = 200;
      while (status != 404 && System.nanoTime() < until) {
        ServerCalls.Reply q =
            call(a.port(), "POST", "/v1/collections/kb/query", "{\"query\": \"bird\"}");
        status = q.status();
        Thread.sleep(200);
      }
      assertEquals(404, status, "and queries on A are 404 within the second it trusts its cache");
      assertFalse(names(call(a.port(), "GET", "/v1/collections", null)).contains("kb"));

      CompletableFuture<ServerCalls.Reply> onA =
          CompletableFuture.supplyAsync(() -> quietly(a.port(), "/v1/collections/race", create));
      CompletableFuture<ServerCalls.Reply> onB =
          CompletableFuture.supplyAsync(() -> quietly(b.port(), "/v1/collections/race", create));
      List<Integer> statuses =
          new ArrayList<>(
              List.of(
                  onA.get(2, TimeUnit.MINUTES).status(), onB.get(2, TimeUnit.MINUTES).status()));
      statuses.sort(null);
      assertEquals(List.of(201, 409), statuses, "one server creates it, the other is told");
      assertEquals(200, call(b.port(), "DELETE", "/v1/collections/race", null).status());
    }
  }

  private ServerCalls.Reply quietly(int port, String path, String body) {
    try {
      return call(port, "PUT", path, body);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
