package dev.ragserver.ingest.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.lucene.index.CheckIndex;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An ingest is killed with SIGKILL mid-way; running it again continues: committed files are
 * skipped, the rest is ingested, and every document ends up whole in an index that checks clean.
 */
class IngestCrashTest {
  private static final int FILES = 60;
  @TempDir Path dir;

  @Test
  void afterKillDashNineTheSameJobContinuesWithoutRedoingCommittedFiles() throws Exception {
    Path docs = dir.resolve("docs");
    Files.createDirectories(docs);
    for (int i = 0; i < FILES; i++) {
      Files.writeString(
          docs.resolve("note-" + (1000 + i) + ".txt"),
          "Note " + i + " records an observation about species " + i + " in the northern forest.");
    }
    Path data = dir.resolve("data");
    String java = ProcessHandle.current().info().command().orElse("java");
    Process child =
        new ProcessBuilder(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-Xss4m",
                "-cp",
                System.getProperty("java.class.path"),
                CrashingIngest.class.getName(),
                data.toString(),
                docs.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("child.log").toFile())
            .start();
    Path indexDir = data.resolve("docs").resolve("index");
    long committed = 0;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (committed < 10 && System.nanoTime() < deadline && child.isAlive()) {
      Thread.sleep(50);
      committed = committedChunks(indexDir);
    }
    child.destroyForcibly();
    assertTrue(child.waitFor(30, TimeUnit.SECONDS));
    assertTrue(
        committed >= 10 && committed < FILES,
        "killed mid-ingest after "
            + committed
            + " committed files; child: "
            + Files.readString(dir.resolve("child.log")));

    try (IngestFixture f = new IngestFixture(data)) {
      JobStatus again = f.ingest(List.of(docs), false);
      assertEquals(JobState.SUCCEEDED, again.state());
      assertTrue(
          again.filesSkipped() >= committed,
          "skipped " + again.filesSkipped() + " of " + committed + " committed");
      assertEquals(FILES, again.filesSkipped() + again.filesIngested());
      f.index.refresh();
      assertEquals(FILES, f.index.stats().documents());
      assertEquals(FILES, f.index.stats().chunks(), "one chunk per note, none doubled");
    }
    try (Directory d = FSDirectory.open(indexDir);
        CheckIndex check = new CheckIndex(d)) {
      assertTrue(check.checkIndex().clean, "CheckIndex after kill -9 and the re-run");
    }
  }

  private static long committedChunks(Path indexDir) {
    if (!Files.isDirectory(indexDir)) {
      return 0;
    }
    try (Directory d = FSDirectory.open(indexDir)) {
      if (!DirectoryReader.indexExists(d)) {
        return 0;
      }
      try (DirectoryReader r = DirectoryReader.open(d)) {
        return r.numDocs();
      }
    } catch (Exception e) {
      return 0;
    }
  }
}
