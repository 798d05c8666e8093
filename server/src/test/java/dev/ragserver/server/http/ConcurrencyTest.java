package dev.ragserver.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Queries keep answering, correctly, while an ingest job writes to the same collection. */
class ConcurrencyTest {
  @TempDir Path dir;

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void queriesAnswerCorrectlyWhileAnIngestJobRuns() throws Exception {
    Path files = Files.createDirectories(dir.resolve("files"));
    for (int i = 0; i < 60; i++) {
      Files.writeString(
          files.resolve("note-" + (100 + i) + ".txt"),
          "Field note "
              + i
              + " describes beetle species "
              + i
              + " found under tree bark in the valley.");
    }
    try (TestServer s =
        new TestServer(
            dir.resolve("data"),
            Map.of(
                "server.ingest_roots", "[\"" + files + "\"]", "ingest.embed_batch_chunks", "4"))) {
      s.put("/v1/collections/live", "{}");
      s.post(
          "/v1/collections/live/documents",
          "{\"documents\": [{\"id\": \"anchor\", \"text\":"
              + " \"The lighthouse keeper logged every passing ship.\"}]}");
      String url =
          s.post("/v1/collections/live/jobs", "{\"paths\": [\"" + files + "\"]}")
              .json()
              .get("url")
              .asText();
      List<Integer> seen = new ArrayList<>();
      String state = "queued";
      int during = 0;
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
      while (state.equals("running") || state.equals("queued")) {
        assertTrue(System.nanoTime() < deadline, "the job still runs after 3 minutes: " + seen);
        TestServer.Response r =
            s.post(
                "/v1/collections/live/query",
                "{\"query\": \"who logged the ships?\", \"top_k\": 1}");
        assertEquals(200, r.status(), r.text());
        assertEquals(
            "anchor",
            r.json().at("/hits/0/document_id").asText(),
            "the answer never changes under writes");
        JsonNode job = s.get(url).json();
        state = job.get("state").asText();
        seen.add(job.get("files_done").asInt());
        if (state.equals("running")) {
          during++; // the job was still running after this query answered: they overlapped
        }
      }
      assertEquals("succeeded", state);
      // one overlapping query is enough to mean something, however fast the machine embeds
      assertTrue(during >= 1, "no query overlapped the job: " + seen);
      Thread.sleep(200);
      assertEquals(61, s.get("/v1/collections/live").json().get("documents").asInt());
    }
  }
}
