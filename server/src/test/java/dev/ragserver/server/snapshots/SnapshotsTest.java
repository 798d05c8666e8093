package dev.ragserver.server.snapshots;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ragserver.index.snapshot.SnapshotArchive;
import dev.ragserver.server.cli.CliRun;
import dev.ragserver.server.http.TestServer;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.lucene.index.CheckIndex;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Online snapshots of an embedded collection over HTTP: taken while a writer goes on, restored into
 * a new collection that passes CheckIndex, holds exactly what was committed then and answers the
 * same top 10; damaged archives refused whole.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SnapshotsTest {
  private static final List<String> TOPICS =
      List.of(
          "Tides rise and fall twice a day, pulled by the moon and the sun.",
          "A lighthouse lens bends the lamp's light into a beam seen far at sea.",
          "Owls hunt at night; soft feathers make their flight almost silent.",
          "Sourdough bread rises with wild yeast over a long, cool night.",
          "Glaciers carve valleys as they creep downhill under their own weight.",
          "Bees dance to tell the hive where the flowers with nectar are.",
          "Volcanoes erupt when pressure in the magma chamber grows too high.",
          "Coral reefs grow slowly from the skeletons of tiny animals.");

  @TempDir Path dir;

  private static String upsert(String id, String text) {
    return "{\"documents\": [{\"id\": \"" + id + "\", \"text\": \"" + text + "\"}]}";
  }

  private static List<String> top10(TestServer s, String collection, String query) {
    TestServer.Response r =
        s.post(
            "/v1/collections/" + collection + "/query",
            "{\"query\": \"" + query + "\", \"top_k\": 10}");
    assertEquals(200, r.status(), r.text());
    List<String> ids = new ArrayList<>();
    r.json().get("hits").forEach(h -> ids.add(h.get("chunk_id").asText()));
    return ids;
  }

  private static Set<String> documents(TestServer s, String collection) {
    return new HashSet<>(s.engine.collections().get(collection).documentIds(""));
  }

  @Test
  void aSnapshotDuringWritesRestoresExactlyWhatWasCommittedAndAnswersTheSame() throws Exception {
    try (TestServer s = new TestServer(dir.resolve("data"), Map.of())) {
      assertEquals(201, s.put("/v1/collections/src", "{}").status());
      for (int i = 0; i < TOPICS.size(); i++) {
        assertEquals(
            200,
            s.post("/v1/collections/src/documents", upsert("base-" + i, TOPICS.get(i))).status());
      }
      ConcurrentLinkedQueue<String> acked = new ConcurrentLinkedQueue<>();
      AtomicBoolean stop = new AtomicBoolean();
      ExecutorService writer = Executors.newSingleThreadExecutor();
      Future<?> writing =
          writer.submit(
              () -> {
                for (int i = 0; !stop.get() && i < 500; i++) {
                  String text = TOPICS.get(i % TOPICS.size()) + " Note " + i + ".";
                  TestServer.Response r =
                      s.post("/v1/collections/src/documents", upsert("w-" + i, text));
                  assertEquals(200, r.status(), r.text());
                  acked.add("w-" + i);
                }
              });
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (acked.size() < 5 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      Set<String> before = new HashSet<>(acked);
      TestServer.Response snap = s.post("/v1/collections/src/snapshots", "");
      Set<String> after = new HashSet<>(acked);
      assertEquals(201, snap.status(), snap.text());
      String id = snap.json().get("id").asText();
      while (acked.size() < after.size() + 3 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      stop.set(true);
      writing.get(60, TimeUnit.SECONDS);
      writer.shutdownNow();
      assertTrue(acked.size() > after.size(), "writes went on after the snapshot");

      TestServer.Response restored =
          s.put("/v1/collections/copy", "{\"restore_from\": \"src/" + id + "\"}");
      assertEquals(201, restored.status(), restored.text());
      Set<String> copy = documents(s, "copy");
      Set<String> expectedAtLeast = new HashSet<>(before);
      for (int i = 0; i < TOPICS.size(); i++) {
        expectedAtLeast.add("base-" + i);
      }
      assertTrue(copy.containsAll(expectedAtLeast), "every write acknowledged before: " + copy);
      Set<String> atMost = new HashSet<>(expectedAtLeast);
      atMost.addAll(after);
      assertTrue(atMost.containsAll(copy), "nothing acknowledged after the snapshot: " + copy);
      int writes = copy.size() - TOPICS.size();
      for (int i = 0; i < writes; i++) {
        assertTrue(copy.contains("w-" + i), "the writes up to the snapshot, in order: " + copy);
      }
      assertEquals(copy.size(), restored.json().get("documents").asInt());
      assertEquals(snap.json().get("chunks").asLong(), restored.json().get("chunks").asLong());

      // the source as it was then: the later writes deleted and merged away (deleted documents
      // would still count in BM25's statistics), then both answer alike
      List<String> later = new ArrayList<>(documents(s, "src"));
      later.removeAll(copy);
      assertEquals(
          200,
          s.post(
                  "/v1/collections/src/documents/delete",
                  "{\"ids\": "
                      + dev.ragserver.server.http.Json.MAPPER.writeValueAsString(later)
                      + "}")
              .status());
      s.engine.collections().get("src").forceMerge(1);
      assertEquals(copy, documents(s, "src"));
      for (String q : List.of("what pulls the tides", "silent night hunters", "bread yeast")) {
        assertEquals(top10(s, "src", q), top10(s, "copy", q), q);
      }

      // the archive itself passes CheckIndex
      Path archive = dir.resolve("data/.snapshots/src/" + id + ".zip");
      Path extracted = dir.resolve("extracted");
      try (InputStream in = Files.newInputStream(archive)) {
        SnapshotArchive.extract(in, extracted);
      }
      try (FSDirectory d = FSDirectory.open(extracted.resolve("index"));
          CheckIndex check = new CheckIndex(d)) {
        assertTrue(check.checkIndex().clean);
      }
    }
  }

  @Test
  void snapshotsAreListedDownloadedDeletedAndOutliveTheirCollection() throws Exception {
    try (TestServer s = new TestServer(dir.resolve("data"), Map.of())) {
      assertEquals(201, s.put("/v1/collections/notes", "{}").status());
      assertEquals(
          200, s.post("/v1/collections/notes/documents", upsert("a", TOPICS.get(0))).status());
      JsonNode first = s.post("/v1/collections/notes/snapshots", "").json();
      JsonNode second = s.post("/v1/collections/notes/snapshots", "").json();
      JsonNode list = s.get("/v1/collections/notes/snapshots").json().get("snapshots");
      assertEquals(2, list.size());
      assertEquals(first.get("id"), list.get(0).get("id"));
      TestServer.Response zip = s.get(first.get("url").asText());
      assertEquals(200, zip.status());
      assertTrue(zip.contentType().startsWith("application/zip"), zip.contentType());
      assertArrayEquals(
          Files.readAllBytes(
              dir.resolve("data/.snapshots/notes/" + first.get("id").asText() + ".zip")),
          zip.body());
      assertEquals(first.get("size_bytes").asLong(), zip.body().length);
      assertEquals(200, s.delete(first.get("url").asText()).status());
      assertEquals(404, s.get(first.get("url").asText()).status());

      assertEquals(200, s.delete("/v1/collections/notes").status());
      assertEquals(1, s.get("/v1/collections/notes/snapshots").json().get("snapshots").size());
      TestServer.Response back =
          s.put(
              "/v1/collections/notes",
              "{\"restore_from\": \"notes/" + second.get("id").asText() + "\"}");
      assertEquals(201, back.status(), back.text());
      assertEquals(List.of("a#0"), top10(s, "notes", "tides"));
      TestServer.Response both =
          s.put(
              "/v1/collections/x",
              "{\"restore_from\": \"notes/"
                  + second.get("id").asText()
                  + "\", \"model\": \"bge-small-en-v1.5\"}");
      assertEquals(400, both.status(), both.text());
      assertEquals(
          404,
          s.put("/v1/collections/y", "{\"restore_from\": \"notes/s20260101t000000000z-abcd\"}")
              .status());
    }
  }

  @Test
  void aDamagedOrCutShortArchiveIsRefusedAndLeavesNothingBehind() throws Exception {
    Path data = dir.resolve("data");
    String id;
    try (TestServer s = new TestServer(data, Map.of())) {
      assertEquals(201, s.put("/v1/collections/src", "{}").status());
      for (int i = 0; i < TOPICS.size(); i++) {
        s.post("/v1/collections/src/documents", upsert("d" + i, TOPICS.get(i)));
      }
      id = s.post("/v1/collections/src/snapshots", "").json().get("id").asText();
    }
    Path archive = data.resolve(".snapshots/src/" + id + ".zip");
    byte[] whole = Files.readAllBytes(archive);
    Path cut = dir.resolve("cut.zip");
    Files.write(cut, java.util.Arrays.copyOf(whole, whole.length / 2));
    Path flipped = dir.resolve("flipped.zip");
    byte[] bad = whole.clone();
    bad[whole.length / 3] ^= 0x5a;
    Files.write(flipped, bad);

    for (Path broken : List.of(cut, flipped)) {
      CliRun r =
          CliRun.of(
              "restore",
              broken.toString(),
              "--collection",
              "broken",
              "--set",
              "index.data_dir=" + data);
      assertNotEquals(0, r.exit(), broken + ": " + r.out());
      assertTrue(r.err().contains("not a usable snapshot archive"), broken + ": " + r.err());
      assertFalse(Files.exists(data.resolve("broken")), "no half-restored collection");
      try (Stream<Path> left = Files.list(data.resolve(".uploads"))) {
        assertEquals(List.of(), left.toList(), "no staging files left");
      }
    }
    // over HTTP too: the server's own archive, damaged in place
    Files.write(archive, bad);
    try (TestServer s = new TestServer(data, Map.of())) {
      TestServer.Response r =
          s.put("/v1/collections/broken", "{\"restore_from\": \"src/" + id + "\"}");
      assertEquals(400, r.status(), r.text());
      assertTrue(
          r.json().get("detail").asText().contains("not a usable snapshot archive"), r.text());
      assertEquals(404, s.get("/v1/collections/broken").status());
      // the whole archive restores
      Files.write(archive, whole);
      assertEquals(
          201, s.put("/v1/collections/fine", "{\"restore_from\": \"src/" + id + "\"}").status());
    }
    CliRun ok =
        CliRun.of(
            "restore",
            archive.toString(),
            "--collection",
            "cli-copy",
            "--set",
            "index.data_dir=" + data);
    assertEquals(0, ok.exit(), ok.err());
    assertTrue(ok.out().contains("restored cli-copy"), ok.out());
  }
}
