package dev.ragserver.opensearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ragserver.config.ConfigLoader;
import dev.ragserver.index.opensearch.OpenSearchClient;
import dev.ragserver.server.engine.Engine;
import dev.ragserver.server.http.ServerApp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Losing the elected cluster manager while two servers (replicas over one data folder and the
 * cluster) answer queries and accept writes: queries go on through the nodes that are left with no
 * server restarted, writes are accepted during the loss, every acknowledged write is there
 * afterwards, and {@code /readyz} says how many nodes answer.
 */
@ExtendWith(SharedCluster.class)
class ManagerLossTest {
  private static final Duration DEADLINE = Duration.ofMinutes(3);
  private final ServerCalls server = new ServerCalls();
  @TempDir Path dir;

  private ServerCalls.Reply call(int port, String method, String path, String body)
      throws Exception {
    return server.call(port, method, path, body);
  }

  private Engine engine(LocalCluster cluster) {
    return Engine.open(
        ConfigLoader.builder()
            .environment(Map.of())
            .override("index.data_dir", dir.resolve("data").toString())
            .override("server.port", "0")
            .override("opensearch.hosts", cluster.hostsJson())
            .override("opensearch.index_prefix", "failover-")
            .build()
            .load());
  }

  private static String document(String id, String text) {
    return "{\"documents\": [{\"id\": \"" + id + "\", \"text\": \"" + text + "\"}]}";
  }

  /** Waits until a query on the replica answers 200 with hits; fails past the deadline. */
  private void awaitQuery(int port, long until) throws Exception {
    ServerCalls.Reply last = null;
    while (System.nanoTime() < until) {
      // a replica must answer (not refuse the connection) while the cluster fails over
      last = call(port, "POST", "/v1/collections/kb/query", "{\"query\": \"lighthouse\"}");
      if (last.status() == 200 && last.body().get("hits").size() > 0) {
        return;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("queries on port " + port + " did not recover: " + last);
  }

  @Test
  void losingTheElectedManagerLosesNoAcknowledgedWriteAndQueriesGoOn(LocalCluster cluster)
      throws Exception {
    long until = System.nanoTime() + DEADLINE.toNanos();
    try (OpenSearchClient client = cluster.client();
        Engine engineA = engine(cluster);
        ServerApp a = ServerApp.start(engineA)) {
      call(a.port(), "DELETE", "/v1/collections/kb", null);
      assertEquals(
          201,
          call(
                  a.port(),
                  "PUT",
                  "/v1/collections/kb",
                  "{\"backend\": \"opensearch\", \"shards\": 2, \"replicas\": 1}")
              .status());
      assertEquals(
          200,
          call(
                  a.port(),
                  "POST",
                  "/v1/collections/kb/documents",
                  document("seed", "A lighthouse guides ships along the coast at night."))
              .status());
      try (Engine engineB = engine(cluster);
          ServerApp b = ServerApp.start(engineB)) {
        int[] replicas = {a.port(), b.port()};
        awaitQuery(b.port(), until);

        // writes alternate between the replicas before, during and after the loss
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong lostAt = new AtomicLong(Long.MAX_VALUE);
        ExecutorService writers = Executors.newSingleThreadExecutor();
        Future<List<long[]>> writes =
            writers.submit(
                () -> {
                  List<long[]> acked = new ArrayList<>(); // {write number, when acknowledged}
                  for (int i = 0; !stop.get() && i < 2000 && System.nanoTime() < until; i++) {
                    ServerCalls.Reply r =
                        call(
                            replicas[i % 2],
                            "POST",
                            "/v1/collections/kb/documents",
                            document("w" + i, "Lighthouse log entry number " + i + "."));
                    if (r.status() == 200) {
                      acked.add(new long[] {i, System.nanoTime()});
                    }
                  }
                  return acked;
                });
        Thread.sleep(1000);
        int manager = LocalCluster.number(client.clusterManagerNode());
        cluster.stopNode(manager);
        lostAt.set(System.nanoTime());
        List<long[]> acked;
        try {
          for (int port : replicas) {
            awaitQuery(port, until);
          }
          ServerCalls.Reply ready = call(a.port(), "GET", "/readyz", null);
          assertEquals(
              LocalCluster.NODES - 1,
              ready.body().at("/opensearch/nodes").asInt(),
              "readyz says how many nodes answer: " + ready.body());
          JsonNode os = ready.body().get("opensearch");
          assertTrue(
              os.has("unassigned_shards")
                  && (os.get("status").asText().equals("green")
                      ? !os.has("degraded")
                      : os.get("degraded").asText().contains("shard")),
              "and what is degraded: " + os);
          Thread.sleep(2000); // more writes while the node is down
          stop.set(true);
          acked = writes.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        } finally {
          stop.set(true);
          writers.shutdownNow();
          cluster.startNode(manager);
        }
        assertTrue(
            acked.stream().anyMatch(w -> w[1] > lostAt.get()),
            "writes were accepted while the elected manager was gone: " + acked.size() + " acked");

        long green = until;
        while (System.nanoTime() < green) {
          OpenSearchClient.Health h = client.health();
          if (h.nodes() == LocalCluster.NODES && h.status().equals("green")) {
            break;
          }
          Thread.sleep(500);
        }
        assertFalse(System.nanoTime() >= green, "the cluster was green again: " + client.health());
        for (long[] w : acked) {
          for (int port : replicas) {
            ServerCalls.Reply doc =
                call(port, "GET", "/v1/collections/kb/documents/w" + w[0], null);
            assertEquals(200, doc.status(), "acknowledged write w" + w[0] + " is there: " + doc);
          }
        }
        call(a.port(), "DELETE", "/v1/collections/kb", null);
      }
    }
  }
}
