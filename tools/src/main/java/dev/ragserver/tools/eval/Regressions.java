package dev.ragserver.tools.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ragserver.config.ConfigLoader;
import dev.ragserver.config.RagConfig;
import dev.ragserver.index.collection.CollectionIndex;
import dev.ragserver.server.engine.Engine;
import dev.ragserver.tools.beir.BeirArchives;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The reproducible regressions, as Anserini keeps them: one YAML file per dataset × pipeline under
 * {@code eval/regressions/} with the expected metrics and their tolerances. Every file runs; a
 * metric outside its tolerance is a miss, and one miss fails the command.
 *
 * <pre>
 * dataset: scifact                 # a BEIR name (downloaded once), or a folder relative to the project
 * split: test
 * model: bge-small-en-v1.5
 * chunk_tokens: 0
 * pipeline: dense-exact
 * multi_vector_precision: int8     # optional: fp32, int8 (default), binary
 * expect:
 *   ndcg_at_10: {value: 0.7127, tolerance: 0.003}
 * </pre>
 */
public final class Regressions {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private final Path home;
  private final BeirArchives archives;
  private final PrintWriter out;

  /**
   * @param home the project folder (regression files and relative dataset paths)
   * @param archives where a dataset given by its BEIR name comes from
   * @param out where the table goes
   */
  public Regressions(Path home, BeirArchives archives, PrintWriter out) {
    this.home = home;
    this.archives = archives;
    this.out = out;
  }

  /** One regression file. */
  record Spec(
      Path file,
      String dataset,
      String split,
      String model,
      int chunkTokens,
      String precision,
      String pipeline,
      JsonNode expect) {}

  static Spec read(Path file) throws IOException {
    JsonNode n = YAML.readTree(file.toFile());
    for (String key : List.of("dataset", "split", "model", "pipeline", "expect")) {
      if (!n.hasNonNull(key)) {
        throw new IllegalArgumentException(file + ": missing \"" + key + "\"");
      }
    }
    return new Spec(
        file,
        n.get("dataset").asText(),
        n.get("split").asText(),
        n.get("model").asText(),
        n.path("chunk_tokens").asInt(0),
        n.path("multi_vector_precision").asText("int8"),
        n.get("pipeline").asText(),
        n.get("expect"));
  }

  /** Every regression file, sorted. */
  List<Path> files() throws IOException {
    Path dir = home.resolve("eval").resolve("regressions");
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  /** Runs every file; true when every metric is within its tolerance. */
  public boolean runAll() throws IOException, InterruptedException {
    List<String> rows = new ArrayList<>();
    boolean ok = true;
    for (Path f : files()) {
      Spec spec = read(f);
      RagConfig cfg =
          ConfigLoader.builder()
              .environment(System.getenv())
              .workingDirectory(Path.of("").toAbsolutePath())
              .override("model.name", spec.model())
              .override("index.multi_vector_precision", spec.precision())
              .build()
              .load();
      BeirDataset data = BeirDataset.open(spec.dataset(), home, archives, out);
      try (Engine engine = Engine.open(cfg, EvalCollection.folder(cfg).toString())) {
        CollectionIndex index = EvalCollection.open(engine, data, spec.chunkTokens(), out);
        Evaluator.Result r =
            new Evaluator(
                    index, engine.embedder(), data.queries(spec.split()), data.qrels(spec.split()))
                .run(Pipeline.parse(spec.pipeline()));
        for (Iterator<Map.Entry<String, JsonNode>> it = spec.expect().properties().iterator();
            it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          double expected = e.getValue().get("value").asDouble();
          double tolerance = e.getValue().get("tolerance").asDouble();
          double actual =
              switch (e.getKey()) {
                case "ndcg_at_10" -> r.ndcg10();
                case "recall_at_100" -> r.recall100();
                case "mrr_at_10" -> r.mrr10();
                default ->
                    throw new IllegalArgumentException(
                        f
                            + ": unknown metric "
                            + e.getKey()
                            + " (ndcg_at_10, recall_at_100, mrr_at_10)");
              };
          boolean pass = Math.abs(actual - expected) <= tolerance + 1e-12;
          ok &= pass;
          rows.add(
              String.format(
                  Locale.ROOT,
                  "| %s | %s | %s | %.4f | %.4f ± %.4f | %s |",
                  f.getFileName(),
                  spec.pipeline(),
                  e.getKey(),
                  actual,
                  expected,
                  tolerance,
                  pass ? "ok" : "MISS"));
        }
      }
    }
    out.println("| file | pipeline | metric | measured | expected | result |");
    out.println("|---|---|---|---|---|---|");
    rows.forEach(out::println);
    out.println(ok ? "regressions: all within tolerance" : "regressions: MISSED (see MISS rows)");
    return ok;
  }
}
