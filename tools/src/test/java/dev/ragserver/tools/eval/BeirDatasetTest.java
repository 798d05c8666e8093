package dev.ragserver.tools.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A private question set in BEIR format, as docs/evaluation.md shows it. */
class BeirDatasetTest {
  @TempDir Path dir;

  @Test
  void readsJudgedQueriesAndQrelsOfASplit() throws IOException {
    Files.writeString(
        dir.resolve("corpus.jsonl"),
        "{\"_id\": \"d1\", \"title\": \"Leave\", \"text\": \"25 days\"}\n");
    Files.createDirectories(dir.resolve("qrels"));
    Files.writeString(
        dir.resolve("qrels/test.tsv"), "query-id\tcorpus-id\tscore\nq1\td1\t1\nq2\td1\t0\n");
    Files.writeString(
        dir.resolve("queries.jsonl"),
        """
        {"_id": "q1", "text": "how much leave?"}
        {"_id": "q2", "text": "not judged relevant anywhere"}
        """);
    BeirDataset data = new BeirDataset(dir);
    assertEquals(Map.of("q1", Map.of("d1", 1)), data.qrels("test"), "score 0 is not relevant");
    assertEquals(Map.of("q1", "how much leave?"), data.queries("test"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> data.qrels("train"));
    assertTrue(e.getMessage().contains("qrels/train.tsv"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new BeirDataset(dir.resolve("nope")));
  }

  @Test
  void pipelinesParseByNameOrAsFusionSpecs() {
    assertEquals(true, Pipeline.parse("dense-exact").exactDense());
    Pipeline p = Pipeline.parse("rrf:k=20,dense=1,bm25=0.5,colbert=2");
    assertEquals(3, p.legs().size());
    assertEquals(0.5f, p.legs().get(1).weight());
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> Pipeline.parse("median"))
            .getMessage()
            .contains("unknown pipeline"));
  }
}
