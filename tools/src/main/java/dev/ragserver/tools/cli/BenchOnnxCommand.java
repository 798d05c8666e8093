package dev.ragserver.tools.cli;

import dev.ragserver.config.ConfigLoader;
import dev.ragserver.config.ModelConfig;
import dev.ragserver.config.RagConfig;
import dev.ragserver.model.builtin.BuiltInModel;
import dev.ragserver.server.cli.ConfigOptions;
import dev.ragserver.tools.beir.BeirCorpus;
import dev.ragserver.tools.bench.embed.OnnxSweep;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./rag bench onnx}: ONNX Runtime session settings on the query path and for ingest. */
@Command(
    name = "onnx",
    mixinStandardHelpOptions = true,
    description = {
      "Time the configured model under ONNX Runtime setting variants (graph optimisation level, memory",
      "pattern, CPU arena, threads, spinning), all sessions open at once and timed in turns: one query",
      "text per run (query latency) and documents in the pipeline's batches (ingest throughput)."
    })
final class BenchOnnxCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;
  @Spec CommandSpec spec;
  @Mixin CorpusOption corpus;

  @Option(
      names = "--docs",
      defaultValue = "64",
      description = "Documents per round (default: ${DEFAULT-VALUE}).")
  int docs;

  @Option(
      names = "--rounds",
      defaultValue = "5",
      description = "Rounds (default: ${DEFAULT-VALUE}).")
  int rounds;

  /** Each variant: a name and the keys it changes from the configuration. */
  private static final Map<String, Map<String, String>> VARIANTS = variants();

  private static Map<String, Map<String, String>> variants() {
    Map<String, Map<String, String>> v = new LinkedHashMap<>();
    v.put("configured", Map.of());
    v.put("graph_optimization extended", Map.of("model.graph_optimization", "extended"));
    v.put("graph_optimization basic", Map.of("model.graph_optimization", "basic"));
    v.put("memory_pattern false", Map.of("model.memory_pattern", "false"));
    v.put("cpu_arena false", Map.of("model.cpu_arena", "false"));
    v.put("intra_op_threads 1", Map.of("model.intra_op_threads", "1"));
    v.put("allow_spinning false", Map.of("model.allow_spinning", "false"));
    return v;
  }

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    RagConfig base = config.load();
    Map<String, ModelConfig> configs = new LinkedHashMap<>();
    for (Map.Entry<String, Map<String, String>> v : VARIANTS.entrySet()) {
      ConfigLoader.Builder b = ConfigLoader.builder().base(base);
      v.getValue().forEach(b::override);
      configs.put(v.getKey(), b.build().load().model());
    }
    List<BeirCorpus.Document> read = BeirCorpus.read(corpus.file(), docs + 50);
    List<String> documents =
        read.subList(0, docs).stream().map(BeirCorpus.Document::titleAndText).toList();
    String instruction =
        BuiltInModel.byId(base.model().name()).map(BuiltInModel::queryInstruction).orElse("");
    List<String> queries =
        read.subList(docs, read.size()).stream()
            .map(d -> instruction + firstWords(d.titleAndText(), 10))
            .toList();
    out.printf(
        Locale.ROOT,
        "rag bench onnx: %s, %d variants, %d rounds of %d query texts and %d documents%n",
        base.model().name(),
        configs.size(),
        rounds,
        queries.size(),
        documents.size());
    out.flush();
    List<OnnxSweep.Figures> figures = new OnnxSweep(out).run(configs, queries, documents, rounds);
    OnnxSweep.Figures first = figures.get(0);
    out.printf(
        Locale.ROOT,
        "%n| date | machine | model | variant | query p50 ms | vs configured | ingest docs/s | vs configured |%n"
            + "|---|---|---|---|---|---|---|---|%n");
    for (OnnxSweep.Figures f : figures) {
      out.printf(
          Locale.ROOT,
          "| %s | %s | %s | %s | %.2f | %.2fx | %.2f | %.2fx |%n",
          LocalDate.now(ZoneOffset.UTC),
          BenchPaths.machine(),
          base.model().name(),
          f.name(),
          f.queryMs(),
          f.queryMs() / first.queryMs(),
          f.docsPerSecond(),
          f.docsPerSecond() / first.docsPerSecond());
    }
    return 0;
  }

  private static String firstWords(String text, int n) {
    String[] words = text.strip().split("\\s+");
    return String.join(" ", java.util.Arrays.asList(words).subList(0, Math.min(n, words.length)));
  }
}
