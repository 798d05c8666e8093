package dev.ragserver.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many clients at once, over real HTTP: slow bodies cannot starve the server, a collection deleted
 * under running requests answers 404/409 (never a 500 or an index error), and a request that timed
 * out stops its work. Every wait has a deadline.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ConcurrencyRobustnessTest {
  @TempDir Path dir;

  /** Opens a connection that sends a query body one byte every 500 ms; returns its first answer. */
  private static String trickle(int port, AtomicBoolean stop) {
    String body = "{\"query\": \"owls at night\", \"top_k\": 1, \"explain\": false}";
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(500);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /v1/collections/c/query HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                  + "Content-Type: application/json\r\nContent-Length: "
                  + body.length()
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      for (int i = 0; i < body.length() && !stop.get(); i++) {
        out.write(body.charAt(i));
        out.flush();
        try {
          byte[] buf = new byte[256];
          int n = socket.getInputStream().read(buf);
          return n < 0
              ? "closed"
              : new String(buf, 0, n, StandardCharsets.US_ASCII).split("\r\n")[0];
        } catch (java.net.SocketTimeoutException e) {
          // no answer yet
        }
      }
      return "never answered";
    } catch (java.io.IOException e) {
      return "reset";
    }
  }

  @Test
  void slowBodiesHoldNoMoreThanTheirCapAndAreCutOffWhileOpsAndReadsAnswer() throws Exception {
    try (TestServer s =
        new TestServer(dir.resolve("data"), Map.of("server.max_concurrent_queries", "4"))) {
      s.put("/v1/collections/c", "{}");
      s.post(
          "/v1/collections/c/documents",
          "{\"documents\": [{\"id\": \"owls\", \"text\": \"Barn owls hunt voles at night.\"}]}");
      AtomicBoolean stop = new AtomicBoolean();
      ExecutorService pool = Executors.newFixedThreadPool(60);
      try {
        List<Future<String>> slow = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
          slow.add(pool.submit(() -> trickle(s.server.port(), stop)));
        }
        Thread.sleep(300);
        for (int i = 0; i < 5; i++) {
          long t0 = System.nanoTime();
          assertEquals(200, s.get("/livez").status());
          assertEquals(200, s.get("/v1/collections/c").status());
          long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
          assertTrue(ms < 2000, "ops and reads answered in " + ms + " ms under the slow bodies");
          Thread.sleep(200);
        }
        Set<String> answers = new TreeSet<>();
        for (Future<String> f : slow) {
          answers.add(f.get(30, TimeUnit.SECONDS));
        }
        assertEquals(
            Set.of("HTTP/1.1 408 Request Timeout", "HTTP/1.1 503 Service Unavailable"),
            answers,
            "over the cap at once 503, the rest cut off with 408");
      } finally {
        stop.set(true);
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
      }
      TestServer.Response q = s.post("/v1/collections/c/query", "{\"query\": \"owls\"}");
      assertEquals(200, q.status(), q.text());
    }
  }

  @Test
  void deletingACollectionDuringASynchronousUploadIsRefusedAndTheUploadCompletes()
      throws Exception {
    try (TestServer s =
        new TestServer(dir.resolve("data"), Map.of("ingest.embed_batch_chunks", "2"))) {
      s.put("/v1/collections/c", "{}");
      List<Map.Entry<String, byte[]>> files = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        files.add(
            Map.entry(
                "note-" + i + ".txt",
                ("Field note " + i + " about beetles under bark in the valley. ")
                    .repeat(20)
                    .getBytes(StandardCharsets.UTF_8)));
      }
      ExecutorService pool = Executors.newSingleThreadExecutor();
      try {
        Future<TestServer.Response> upload =
            pool.submit(() -> s.upload("/v1/collections/c/documents", files));
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        // once the upload's body is in and its job registered (the jobs gauge), deletes must wait
        while (!s.get("/metrics").text().contains("rag_ingest_jobs_running 1.0")) {
          assertTrue(System.nanoTime() < deadline && !upload.isDone(), "the upload never ran");
          Thread.sleep(5);
        }
        List<Integer> deletes = new ArrayList<>();
        while (!upload.isDone()) {
          assertTrue(System.nanoTime() < deadline, "the upload still runs: " + deletes);
          int status = s.delete("/v1/collections/c").status();
          deletes.add(status);
          if (status == 200) {
            break;
          }
          Thread.sleep(20);
        }
        TestServer.Response done = upload.get(2, TimeUnit.MINUTES);
        assertEquals(200, done.status(), done.text());
        assertEquals("succeeded", done.json().get("state").asText(), done.text());
        assertTrue(deletes.contains(409), "a delete overlapped the upload: " + deletes);
        assertFalse(
            deletes.subList(0, deletes.size() - 1).contains(200),
            "no delete succeeded while the upload ran: " + deletes);
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void queriesWhileACollectionIsDeletedAndRecreatedAnswer200Or404Only() throws Exception {
    try (TestServer s = new TestServer(dir.resolve("data"), Map.of())) {
      String doc =
          "{\"documents\": [{\"id\": \"owls\", \"text\": \"Barn owls hunt voles at night.\"}]}";
      s.put("/v1/collections/c", "{}");
      s.post("/v1/collections/c/documents", doc);
      AtomicBoolean stop = new AtomicBoolean();
      Set<Integer> seen = ConcurrentHashMap.newKeySet();
      List<String> bad = java.util.Collections.synchronizedList(new ArrayList<>());
      ExecutorService pool = Executors.newFixedThreadPool(3);
      try {
        List<Future<?>> readers = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
          readers.add(
              pool.submit(
                  () -> {
                    while (!stop.get()) {
                      TestServer.Response r =
                          s.post("/v1/collections/c/query", "{\"query\": \"owls\"}");
                      seen.add(r.status());
                      if (r.status() != 200 && r.status() != 404) {
                        bad.add(r.status() + " " + r.text());
                      }
                    }
                  }));
        }
        for (int i = 0; i < 15; i++) {
          s.delete("/v1/collections/c");
          s.put("/v1/collections/c", "{}");
          s.post("/v1/collections/c/documents", doc);
        }
        stop.set(true);
        for (Future<?> f : readers) {
          f.get(60, TimeUnit.SECONDS);
        }
      } finally {
        stop.set(true);
        pool.shutdownNow();
      }
      assertEquals(List.of(), bad, "only 200 and 404 while deleting; seen " + seen);
    }
  }

  @Test
  void anEmbeddingRequestThatTimesOutStopsEmbedding() throws Exception {
    try (TestServer s =
        new TestServer(dir.resolve("data"), Map.of("server.request_timeout_ms", "300"))) {
      StringBuilder inputs = new StringBuilder();
      for (int i = 0; i < 1500; i++) {
        inputs
            .append(i == 0 ? "" : ", ")
            .append("\"sentence ")
            .append(i)
            .append(" about the long history of lighthouses and their keepers\"");
      }
      TestServer.Response r = s.post("/v1/embeddings", "{\"input\": [" + inputs + "]}");
      assertEquals(503, r.status(), r.text());
      assertTrue(r.json().get("detail").asText().contains("was stopped"), r.text());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (embedding()) {
        assertTrue(System.nanoTime() < deadline, "the embedding still runs 10 s after the 503");
        Thread.sleep(50);
      }
    }
  }

  /** Whether some thread of this JVM (the server runs in it) is running the model. */
  private static boolean embedding() {
    return Thread.getAllStackTraces().values().stream()
        .anyMatch(
            stack ->
                java.util.Arrays.stream(stack)
                    .anyMatch(f -> f.getClassName().endsWith("BatchRunner")));
  }
}
