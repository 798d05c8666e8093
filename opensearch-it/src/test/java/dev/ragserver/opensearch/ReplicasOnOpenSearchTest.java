package dev.ragserver.opensearch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ragserver.config.ConfigLoader;
import dev.ragserver.server.engine.Engine;
import dev.ragserver.server.http.ServerApp;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two servers with data folders of their own over one cluster serve the same collections: what one
 * creates the other lists, writes and searches; what one deletes is gone from the other within a
 * second or two; of two creating one name at once, one gets it and the other is told it exists; a
 * job submitted to one is followed and cancelled through the other, the images one ingested the
 * other serves, and a document both upsert at once ends as one of them wrote it.
 */
@ExtendWith(SharedCluster.class)
class ReplicasOnOpenSearchTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ServerCalls server = new ServerCalls();
  @TempDir Path dir;

  private ServerCalls.Reply call(int port, String method, String path, String body)
      throws Exception {
    return server.call(port, method, path, body);
  }

  private Engine engine(LocalCluster cluster, String folder) {
    return engine(cluster, folder, Map.of());
  }

  private Engine engine(LocalCluster cluster, String folder, Map<String, String> settings) {
    ConfigLoader.Builder config = ConfigLoader.builder().environment(Map.of());
    settings.forEach(config::override);
    return Engine.open(
        config
            .override("index.data_dir", dir.resolve(folder).toString())
            .override("server.ingest_roots", "[\"" + dir.resolve("files") + "\"]")
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

  @Test
  void jobsImagesAndRacingUpsertsWorkThroughEitherServer(LocalCluster cluster) throws Exception {
    Path files = Files.createDirectories(dir.resolve("files").resolve("routes"));
    Files.writeString(
        files.resolve("glaciers.md"), "# Glaciers\n\nGlaciers are rivers of ice that move slowly.");
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(400, 300, BufferedImage.TYPE_INT_RGB), "png", png);
    Files.write(files.resolve("black_night_sky.png"), png.toByteArray());
    Path many = Files.createDirectories(dir.resolve("files").resolve("many"));
    for (int i = 0; i < 200; i++) {
      Files.writeString(
          many.resolve("note-" + i + ".txt"), ("Note " + i + " about rivers. ").repeat(40));
    }
    try (Engine engineA = engine(cluster, "a");
        ServerApp a = ServerApp.start(engineA);
        Engine engineB = engine(cluster, "b");
        ServerApp b = ServerApp.start(engineB)) {
      createFresh(a.port(), "routes", "{\"backend\": \"opensearch\"}");

      // a job submitted to B: A answers for it from its first status to its last
      ServerCalls.Reply job =
          call(b.port(), "POST", "/v1/collections/routes/jobs", "{\"paths\": [\"" + files + "\"]}");
      assertEquals(202, job.status(), job.body().toString());
      String id = job.body().get("id").asText();
      assertEquals(200, call(a.port(), "GET", "/v1/jobs/" + id, null).status(), "at once on A");
      JsonNode done = finished(a.port(), id);
      assertEquals("succeeded", done.get("state").asText(), done.toString());
      assertEquals(2, done.get("files_ingested").asInt());

      // the image B ingested is served by A
      ServerCalls.Reply image =
          call(
              a.port(),
              "POST",
              "/v1/collections/routes/query",
              "{\"query\": \"black night sky\", \"top_k\": 1,"
                  + " \"filter\": {\"field\": \"modality\", \"equals\": \"image\"}}");
      String url = image.body().at("/hits/0/image_url").asText();
      for (int port : List.of(a.port(), b.port())) {
        ServerCalls.Bytes original = server.bytes(port, url);
        assertEquals(200, original.status(), url);
        assertEquals("image/png", original.contentType());
        assertArrayEquals(png.toByteArray(), original.body());
        assertEquals(200, server.bytes(port, url + "?thumbnail=true").status());
      }

      // both upsert one document at once: it ends as one of them wrote it, whole
      String longText = "Alpha rivers carry water to the sea. ".repeat(400);
      int alphaChunks = upsertAlone(b.port(), longText);
      assertTrue(alphaChunks > 1, "the long version has several chunks: " + alphaChunks);
      for (int round = 0; round < 4; round++) {
        String shortText = "Beta " + round + " is one short chunk.";
        CompletableFuture<ServerCalls.Reply> onA =
            CompletableFuture.supplyAsync(() -> upsert(a.port(), "race", shortText));
        CompletableFuture<ServerCalls.Reply> onB =
            CompletableFuture.supplyAsync(() -> upsert(b.port(), "race", longText));
        assertEquals(200, onA.get(2, TimeUnit.MINUTES).status());
        assertEquals(200, onB.get(2, TimeUnit.MINUTES).status());
        JsonNode chunks =
            call(a.port(), "GET", "/v1/collections/routes/documents/race", null)
                .body()
                .get("chunks");
        boolean alpha = chunks.get(0).get("text").asText().startsWith("Alpha");
        assertEquals(alpha ? alphaChunks : 1, chunks.size(), "one writer's chunks: " + chunks);
        for (JsonNode c : chunks) {
          assertEquals(alpha, c.get("text").asText().startsWith("Alpha"), "no mixture: " + chunks);
        }
      }

      // a job running on B stops when A is asked to cancel it
      ServerCalls.Reply long_ =
          call(b.port(), "POST", "/v1/collections/routes/jobs", "{\"paths\": [\"" + many + "\"]}");
      String longId = long_.body().get("id").asText();
      assertEquals(202, call(a.port(), "DELETE", "/v1/jobs/" + longId, null).status());
      JsonNode cancelled = finished(a.port(), longId);
      assertEquals("cancelled", cancelled.get("state").asText(), cancelled.toString());
      assertTrue(cancelled.get("files_done").asInt() < 200, cancelled.toString());
      assertEquals(
          "cancelled",
          call(b.port(), "GET", "/v1/jobs/" + longId, null).body().get("state").asText());
      assertEquals(404, call(a.port(), "GET", "/v1/jobs/no-such-job", null).status());
      assertEquals(200, call(b.port(), "DELETE", "/v1/collections/routes", null).status());
    }
  }

  @Test
  void aServerWithoutACollectionsModelRefusesItSayingWhich(LocalCluster cluster) throws Exception {
    Map<String, String> m3 =
        Map.of(
            "models.bge-m3.directory",
            Path.of("../model/src/test/resources/m3/encoder-heads").toAbsolutePath().toString());
    try (Engine engineA = engine(cluster, "a", m3);
        ServerApp a = ServerApp.start(engineA);
        Engine engineB = engine(cluster, "b");
        ServerApp b = ServerApp.start(engineB)) {
      createFresh(a.port(), "m3-only", "{\"backend\": \"opensearch\", \"model\": \"bge-m3\"}");
      assertEquals(200, upsert(a.port(), "m3-only", "hello", "Hello there.").status());
      ServerCalls.Reply refused =
          call(b.port(), "POST", "/v1/collections/m3-only/query", "{\"query\": \"hello\"}");
      assertEquals(503, refused.status(), refused.body().toString());
      assertTrue(
          refused
              .body()
              .get("detail")
              .asText()
              .contains("holds embeddings of model bge-m3, which this server does not serve"),
          refused.body().toString());
      assertEquals(
          200,
          call(a.port(), "POST", "/v1/collections/m3-only/query", "{\"query\": \"hello\"}")
              .status(),
          "the server with the model serves it");
      assertEquals(200, call(a.port(), "DELETE", "/v1/collections/m3-only", null).status());
    }
  }

  /** Creates a collection through one server, after deleting what an earlier run left. */
  private void createFresh(int port, String name, String body) throws Exception {
    call(port, "DELETE", "/v1/collections/" + name, null);
    assertEquals(201, call(port, "PUT", "/v1/collections/" + name, body).status());
  }

  /** Polls a job's status on one server until it has finished (at most three minutes). */
  private JsonNode finished(int port, String id) throws Exception {
    long until = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (System.nanoTime() < until) {
      JsonNode s = call(port, "GET", "/v1/jobs/" + id, null).body();
      if (!List.of("queued", "running").contains(s.get("state").asText())) {
        return s;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("job " + id + " did not finish in three minutes");
  }

  private int upsertAlone(int port, String text) throws Exception {
    assertEquals(200, upsert(port, "race", text).status());
    return call(port, "GET", "/v1/collections/routes/documents/race", null)
        .body()
        .get("chunks")
        .size();
  }

  private ServerCalls.Reply upsert(int port, String id, String text) {
    return upsert(port, "routes", id, text);
  }

  private ServerCalls.Reply upsert(int port, String collection, String id, String text) {
    try {
      return call(
          port,
          "POST",
          "/v1/collections/" + collection + "/documents",
          JSON.writeValueAsString(Map.of("documents", List.of(Map.of("id", id, "text", text)))));
    } catch (Exception e) {
      throw new IllegalStateException(e);
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
