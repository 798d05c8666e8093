package dev.ragserver.tools.beir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BeirCorpusTest {
  @TempDir Path dir;

  @Test
  void readsTheFirstDocumentsWithTitleAndText() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("corpus.jsonl"),
            """
            {"_id":"1","title":"T","text":"body one"}

            {"_id":"2","text":"body two"}
            {"_id":"3","title":"","text":"three"}
            """);
    List<BeirCorpus.Document> docs = BeirCorpus.read(file, 2);
    assertEquals(2, docs.size());
    assertEquals("T body one", docs.get(0).titleAndText());
    assertEquals("body two", docs.get(1).titleAndText());
  }

  @Test
  void aBadLineIsReportedWithItsNumber() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("corpus.jsonl"),
            "{\"_id\":\"1\",\"text\":\"ok\"}\n{\"title\":\"no id\"}\n");
    IOException e = assertThrows(IOException.class, () -> BeirCorpus.read(file, 10));
    assertTrue(e.getMessage().contains("line 2 needs \"_id\" and \"text\""), e.getMessage());
    Path notJson = Files.writeString(dir.resolve("bad.jsonl"), "not json\n");
    e = assertThrows(IOException.class, () -> BeirCorpus.read(notJson, 10));
    assertTrue(e.getMessage().contains("line 1 is not JSON"), e.getMessage());
  }
}
