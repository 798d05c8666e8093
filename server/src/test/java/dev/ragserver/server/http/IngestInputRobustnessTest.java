package dev.ragserver.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile ingest input over real HTTP: links out of the ingest roots, a huge single-line document
 * whose job is cancelled, a PDF over the page limit, and the upload area after a crash. Each ends
 * in bounded time with its reason, and the server then ingests and answers normally.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class IngestInputRobustnessTest {
  @TempDir Path dir;

  private static JsonNode await(TestServer s, String url, long seconds)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (true) {
      JsonNode job = s.get(url).json();
      String state = job.get("state").asText();
      if (!state.equals("queued") && !state.equals("running")) {
        return job;
      }
      assertTrue(
          System.nanoTime() < deadline, "the job still runs after " + seconds + " s: " + job);
      Thread.sleep(50);
    }
  }

  @Test
  void symbolicLinksOutOfTheIngestRootsAreSkippedAndReported() throws Exception {
    Path root = Files.createDirectories(dir.resolve("root"));
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Files.writeString(root.resolve("notes.txt"), "Swifts sleep on the wing.");
    Files.writeString(outside.resolve("passwd"), "root:x:0:0:zebracorn secret");
    Files.createDirectories(outside.resolve("private"));
    Files.writeString(outside.resolve("private/plan.txt"), "zebracorn launch plan");
    Files.createSymbolicLink(root.resolve("passwd.txt"), outside.resolve("passwd"));
    Files.createSymbolicLink(root.resolve("private"), outside.resolve("private"));
    Files.createSymbolicLink(root.resolve("again"), root);
    try (TestServer s =
        new TestServer(dir.resolve("data"), Map.of("server.ingest_roots", "[\"" + root + "\"]"))) {
      s.put("/v1/collections/c", "{}");
      TestServer.Response started =
          s.post("/v1/collections/c/jobs", "{\"paths\": [\"" + root + "\"]}");
      assertEquals(202, started.status(), started.text());
      JsonNode job = await(s, started.json().get("url").asText(), 120);
      assertEquals("partial", job.get("state").asText(), job.toString());
      assertEquals(1, job.get("files_ingested").asInt(), job.toString());
      Map<String, String> failures = new HashMap<>();
      job.get("failures")
          .forEach(f -> failures.put(f.get("file").asText(), f.get("reason").asText()));
      // ids and reported files are relative to the folder given, its name first
      assertTrue(failures.get("root/passwd.txt").contains("outside"), failures.toString());
      assertTrue(failures.get("root/private").contains("outside"), failures.toString());
      assertTrue(failures.get("root/again").contains("loop"), failures.toString());
      TestServer.Response q =
          s.post("/v1/collections/c/query", "{\"query\": \"zebracorn secret plan\", \"top_k\": 5}");
      assertFalse(
          q.text().contains("zebracorn"), "nothing from outside is searchable: " + q.text());
      assertEquals(404, s.get("/v1/collections/c/documents/root%2Fpasswd.txt").status());
    }
  }

  /**
   * A 12 MB Markdown file on one line: chunking is linear in windows, and cancelling its job takes
   * effect between units of work (windows, embedding batches), after which the next job runs.
   */
  @Test
  void cancellingTheJobOfAHugeSingleLineDocumentStopsItSoon() throws Exception {
    Path root = Files.createDirectories(dir.resolve("big"));
    StringBuilder line = new StringBuilder("# Huge\n\n");
    for (int i = 0; line.length() < 12_000_000; i++) {
      line.append("lorem").append(i % 1000).append(' ');
    }
    Files.writeString(root.resolve("huge.md"), line, StandardCharsets.UTF_8);
    Path small = Files.createDirectories(dir.resolve("small"));
    Files.writeString(small.resolve("kestrel.txt"), "A kestrel hovers over the verge.");
    try (TestServer s =
        new TestServer(
            dir.resolve("data"),
            Map.of("server.ingest_roots", "[\"" + root + "\", \"" + small + "\"]"))) {
      s.put("/v1/collections/c", "{}");
      String url =
          s.post("/v1/collections/c/jobs", "{\"paths\": [\"" + root + "\"]}")
              .json()
              .get("url")
              .asText();
      String next =
          s.post("/v1/collections/c/jobs", "{\"paths\": [\"" + small + "\"]}")
              .json()
              .get("url")
              .asText();
      assertEquals("queued", s.get(next).json().get("state").asText(), "one job runs at a time");
      Thread.sleep(2000); // well into chunking or embedding the huge line
      long t0 = System.nanoTime();
      assertEquals(202, s.delete(url).status());
      JsonNode cancelled = await(s, url, 60);
      long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
      assertEquals("cancelled", cancelled.get("state").asText(), cancelled.toString());
      assertTrue(seconds < 30, "the cancel took " + seconds + " s");
      JsonNode after = await(s, next, 60);
      assertEquals("succeeded", after.get("state").asText(), after.toString());
    }
  }

  @Test
  void aPdfOverThePageLimitIsRefusedWithTheReason() throws Exception {
    try (TestServer s = new TestServer(dir.resolve("data"), Map.of("ingest.max_pdf_pages", "3"));
        org.apache.pdfbox.pdmodel.PDDocument pdf = new org.apache.pdfbox.pdmodel.PDDocument()) {
      for (int i = 0; i < 4; i++) {
        pdf.addPage(new org.apache.pdfbox.pdmodel.PDPage());
      }
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      pdf.save(out);
      s.put("/v1/collections/c", "{}");
      TestServer.Response r =
          s.upload(
              "/v1/collections/c/documents", List.of(Map.entry("long.pdf", out.toByteArray())));
      assertEquals(422, r.status(), r.text());
      assertTrue(
          r.json().at("/failures/0/reason").asText().contains("ingest.max_pdf_pages"), r.text());
    }
  }

  @Test
  void uploadsLeftByACrashAreSweptAtStartAndRefusedUploadsLeaveNothing() throws IOException {
    Path data = dir.resolve("data");
    Path leftover = Files.createDirectories(data.resolve(".uploads/crashed-job"));
    Files.writeString(leftover.resolve("1.txt"), "left behind");
    try (TestServer s = new TestServer(data, Map.of("server.max_files_per_upload", "2"))) {
      assertFalse(Files.exists(leftover), "swept at start");
      s.put("/v1/collections/c", "{}");
      byte[] bytes = "x".getBytes(StandardCharsets.UTF_8);
      assertEquals(
          413,
          s.upload(
                  "/v1/collections/c/documents",
                  List.of(
                      Map.entry("a.txt", bytes),
                      Map.entry("b.txt", bytes),
                      Map.entry("c.txt", bytes)))
              .status());
      assertEquals(
          400,
          s.upload(
                  "/v1/collections/c/documents",
                  List.of(Map.entry("a.txt", bytes), Map.entry("a.txt", bytes)))
              .status());
      assertEquals(
          404, s.upload("/v1/collections/none/jobs", List.of(Map.entry("a.txt", bytes))).status());
      assertEquals(
          200,
          s.upload("/v1/collections/c/documents", List.of(Map.entry("a.txt", bytes))).status());
      Path area = data.resolve(".uploads");
      try (var left =
          Files.exists(area) ? Files.list(area) : java.util.stream.Stream.<Path>empty()) {
        assertEquals(List.of(), left.toList(), "every exit path cleans its upload folder");
      }
    }
  }
}
