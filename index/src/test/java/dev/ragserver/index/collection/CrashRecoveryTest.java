package dev.ragserver.index.collection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragserver.index.TestCollections;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.lucene.index.CheckIndex;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM ingests and acknowledges each committed document; it is killed with SIGKILL
 * mid-ingest. Every acknowledged document must be there afterwards, and the index must check clean.
 */
class CrashRecoveryTest {
  @TempDir Path dir;

  @Test
  void everyAcknowledgedDocumentSurvivesKillDashNine() throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process child =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                CrashWriter.class.getName(),
                dir.toString())
            .redirectErrorStream(true)
            .start();
    List<String> acknowledged = new ArrayList<>();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("ACK ")) {
          acknowledged.add(line.substring(4));
          if (acknowledged.size() == 25) {
            break;
          }
        }
      }
      // the child keeps writing (and committing) while it is killed
      child.destroyForcibly();
      assertTrue(child.waitFor(30, TimeUnit.SECONDS));
    }
    assertEquals(25, acknowledged.size(), "the child acknowledged documents before it was killed");
    try (CollectionRegistry registry = TestCollections.registry(dir)) {
      CollectionIndex c = registry.get(CrashWriter.NAME, TestCollections.MODEL);
      for (String doc : acknowledged) {
        assertEquals(
            CrashWriter.CHUNKS,
            c.document(doc).size(),
            "acknowledged document " + doc + " is complete");
      }
    }
    try (var d = FSDirectory.open(dir.resolve(CrashWriter.NAME).resolve("index"));
        CheckIndex check = new CheckIndex(d)) {
      assertTrue(check.checkIndex().clean, "CheckIndex after kill -9");
    }
  }
}
