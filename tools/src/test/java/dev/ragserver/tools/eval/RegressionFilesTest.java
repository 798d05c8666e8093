package dev.ragserver.tools.eval;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ragserver.tools.beir.BeirArchives;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The regression files are well-formed (a BEIR dataset name, known pipeline, known metrics) and
 * docs/evaluation.md lists each expected value, so the docs cannot drift from the files.
 */
class RegressionFilesTest {
  private static final Path HOME = Path.of("..").toAbsolutePath().normalize();

  @Test
  void everyRegressionFileIsWellFormedAndDocumented() throws IOException {
    BeirArchives archives = BeirArchives.published();
    Regressions r = new Regressions(HOME, archives, new PrintWriter(new StringWriter()));
    List<Path> files = r.files();
    assertFalse(files.isEmpty(), "eval/regressions has files");
    String docs = Files.readString(HOME.resolve("docs/evaluation.md"));
    for (Path f : files) {
      Regressions.Spec spec = Regressions.read(f);
      Pipeline.parse(spec.pipeline());
      assertTrue(
          archives.knows(spec.dataset()),
          f
              + ": a dataset is named as BEIR names it (a user's clone downloads it), got: "
              + spec.dataset());
      for (Iterator<Map.Entry<String, JsonNode>> it = spec.expect().properties().iterator();
          it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        assertTrue(
            List.of("ndcg_at_10", "recall_at_100", "mrr_at_10").contains(e.getKey()),
            f + ": " + e.getKey());
        String row =
            String.format(
                Locale.ROOT,
                "| `%s` | `%s` | %s | %.4f ± %.3f |",
                f.getFileName(),
                spec.pipeline(),
                e.getKey(),
                e.getValue().get("value").asDouble(),
                e.getValue().get("tolerance").asDouble());
        assertTrue(docs.contains(row), "docs/evaluation.md lacks the row: " + row);
      }
    }
  }
}
