package dev.ragserver.tools.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ragserver.config.ConfigLoader;
import dev.ragserver.index.collection.CollectionIndex;
import dev.ragserver.server.cli.CliRun;
import dev.ragserver.server.engine.Engine;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./rag eval} over a tiny BEIR-format dataset made here, and {@code --tune}'s split
 * discipline.
 */
class EvalEndToEndTest {
  @TempDir Path dir;

  private static final String[][] DOCS = {
    {"d1", "Kiwi birds", "The kiwi is a flightless bird that lives in New Zealand forests."},
    {"d2", "Volcanoes", "Magma rises through the crust and erupts from a volcano as lava."},
    {"d3", "Sourdough", "Sourdough bread is leavened by a starter of wild yeast and bacteria."},
    {"d4", "Tides", "Ocean tides are caused by the gravitational pull of the moon and the sun."},
    {"d5", "Chess openings", "The Sicilian Defence is a chess opening that answers 1.e4 with c5."},
    {
      "d6",
      "Photosynthesis",
      "Plants turn sunlight, water and carbon dioxide into sugar and oxygen."
    },
    {
      "d7",
      "Black holes",
      "A black hole is a region of spacetime where gravity lets nothing escape."
    },
    {"d8", "Honey bees", "Honey bees make honey from flower nectar and store it in wax combs."}
  };

  /** Writes the dataset; test judgments broken on purpose when {@code brokenTest}. */
  private Path dataset(boolean brokenTest) throws IOException {
    Path d = Files.createDirectories(dir.resolve(brokenTest ? "tiny-broken" : "tiny"));
    StringBuilder corpus = new StringBuilder();
    ObjectMapper json = new ObjectMapper();
    for (String[] doc : DOCS) {
      corpus
          .append(json.writeValueAsString(Map.of("_id", doc[0], "title", doc[1], "text", doc[2])))
          .append('\n');
    }
    Files.writeString(d.resolve("corpus.jsonl"), corpus);
    Files.writeString(
        d.resolve("queries.jsonl"),
        """
        {"_id": "t1", "text": "which flightless bird lives in New Zealand"}
        {"_id": "t2", "text": "what makes bread rise with a sourdough starter"}
        {"_id": "t3", "text": "how do bees make honey from nectar"}
        {"_id": "e1", "text": "what causes ocean tides"}
        {"_id": "e2", "text": "lava erupting from a volcano"}
        {"_id": "e3", "text": "gravity of a black hole lets nothing escape"}
        """);
    Files.createDirectories(d.resolve("qrels"));
    Files.writeString(
        d.resolve("qrels/train.tsv"),
        "query-id\tcorpus-id\tscore\nt1\td1\t1\nt2\td3\t1\nt3\td8\t1\n");
    Files.writeString(
        d.resolve("qrels/test.tsv"),
        brokenTest
            ? "query-id\tcorpus-id\tscore\ne1\td4\tone\n"
            : "query-id\tcorpus-id\tscore\ne1\td4\t1\ne2\td2\t1\ne3\td7\t1\n");
    return d;
  }

  private static CliRun run(String... args) {
    return CliRun.of(args);
  }

  @Test
  void evalIngestsTheCorpusOnceAndScoresEachPipelineOnTheTestSplit() throws Exception {
    Path data = dataset(false);
    String store = "index.data_dir=" + dir.resolve("data");
    CliRun first =
        run(
            "eval",
            "--dataset",
            data.toString(),
            "--pipelines",
            "dense,bm25,rrf,weighted",
            "--json",
            "--set",
            store);
    assertEquals(0, first.exit(), first.err());
    assertTrue(
        first.err().contains("built collection eval-tiny-bge-small-en-v1-5-whole"), first.err());
    JsonNode rows = new ObjectMapper().readTree(first.out());
    assertEquals(4, rows.size());
    for (JsonNode row : rows) {
      assertEquals("test", row.get("split").asText());
      assertEquals(3, row.get("queries").asInt());
      // each test query has one relevant document, which every pipeline ranks first here
      assertEquals(1.0, row.get("ndcg_at_10").asDouble(), 1e-9, row.toString());
      assertEquals(1.0, row.get("mrr_at_10").asDouble(), 1e-9, row.toString());
      assertEquals(1.0, row.get("recall_at_100").asDouble(), 1e-9, row.toString());
    }
    CliRun table =
        run("eval", "--dataset", data.toString(), "--pipelines", "dense", "--set", store);
    assertEquals(0, table.exit(), table.err());
    assertTrue(
        table.err().contains("reusing collection eval-tiny-bge-small-en-v1-5-whole (8 chunks)"),
        table.err());
    assertTrue(table.out().contains("| dense | 1.0000 | 1.0000 | 1.0000 |"), table.out());

    // evaluation collections live apart: the served data folder shows none of them
    CliRun served = run("collections", "--json", "--set", store);
    assertEquals(0, served.exit(), served.err());
    assertEquals(
        0,
        new ObjectMapper().readTree(served.out()).get("collections").size(),
        "./rag serve over the same data folder lists no evaluation collection: " + served.out());
    assertTrue(
        Files.isDirectory(dir.resolve("data/_eval/eval-tiny-bge-small-en-v1-5-whole")),
        "it is under index.data_dir/_eval");
  }

  @Test
  void tuningReadsOnlyTheTrainSplit() throws Exception {
    BeirDataset data = new BeirDataset(dataset(true));
    IOException broken = assertThrows(IOException.class, () -> data.qrels("test"));
    assertTrue(
        broken.getMessage().contains("score must be a whole number, got: one"),
        broken.getMessage());
    Engine engine =
        Engine.open(
            ConfigLoader.builder()
                .environment(Map.of())
                .override("index.data_dir", dir.resolve("data2").toString())
                .build()
                .load());
    try (engine) {
      StringWriter log = new StringWriter();
      CollectionIndex index = EvalCollection.open(engine, data, 0, new PrintWriter(log));
      // the test judgments cannot even be read, so a tune that finishes never looked at them
      Tuner.Outcome best = new Tuner(index, engine.embedder(), data, new PrintWriter(log)).tune();
      assertEquals(3, best.train().queries(), "scored on the three train queries");
      assertEquals(1.0, best.train().ndcg10(), 1e-9);
      assertEquals("default", best.pipeline().name(), "ties go to the simplest setting");
      assertTrue(
          log.toString().contains("train rrf:k=10,dense=0.5,bm25=0.5,colbert=3"),
          "every candidate ran");
    }
  }
}
