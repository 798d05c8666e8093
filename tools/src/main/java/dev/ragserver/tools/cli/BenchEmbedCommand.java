package dev.ragserver.tools.cli;

import dev.ragserver.config.ModelConfig;
import dev.ragserver.model.Embedders;
import dev.ragserver.model.TextEmbedder;
import dev.ragserver.server.cli.ConfigOptions;
import dev.ragserver.tools.beir.BeirCorpus;
import dev.ragserver.tools.bench.embed.EmbeddingBenchmark;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./rag bench embed}: our embedding pipeline vs a bare ONNX Runtime session. */
@Command(
    name = "embed",
    mixinStandardHelpOptions = true,
    description = {
      "Embed the first N documents of a BEIR corpus (title + text) through our pipeline and, in the",
      "same run on the same pre-tokenised batches, through the bare ONNX Runtime session; print",
      "documents/s, tokens/s and the ratio ours/raw (goal: >= 0.95)."
    })
final class BenchEmbedCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin CorpusOption corpus;

  @Option(
      names = "--docs",
      defaultValue = "1000",
      description = "Documents to embed (default: ${DEFAULT-VALUE}).")
  int docs;

  @Option(
      names = "--slice",
      defaultValue = "128",
      description = "Documents per alternation between the two sides (default: ${DEFAULT-VALUE}).")
  int slice;

  @Override
  public Integer call() throws IOException {
    Path file = corpus.file();
    java.io.PrintWriter out = spec.commandLine().getOut();
    List<String> texts =
        BeirCorpus.read(file, docs).stream().map(BeirCorpus.Document::titleAndText).toList();
    ModelConfig model = config.load().model();
    try (TextEmbedder embedder = Embedders.open(model)) {
      out.printf(
          Locale.ROOT,
          "rag bench embed: %s, %d documents from %s, batch %d, intra-op threads %s, "
              + "concurrent batches %d%n",
          model.name(),
          texts.size(),
          file,
          model.batchSize(),
          model.intraOpThreads() == 0
              ? "all (" + Runtime.getRuntime().availableProcessors() + ")"
              : model.intraOpThreads(),
          model.concurrentBatches());
      EmbeddingBenchmark.Result r = new EmbeddingBenchmark(embedder, model, out).run(texts, slice);
      out.printf(
          Locale.ROOT,
          "%n| date | machine | model | docs | tokens | ours docs/s | ours tokens/s "
              + "| raw docs/s | raw tokens/s | ours/raw |%n|---|---|---|---|---|---|---|---|---|---|%n");
      out.printf(
          Locale.ROOT,
          "| %s | %s | %s | %d | %d | %.2f | %.0f | %.2f | %.0f | %.3f |%n",
          LocalDate.now(ZoneOffset.UTC),
          BenchPaths.machine(),
          model.name(),
          r.documents(),
          r.tokens(),
          r.oursDocsPerSecond(),
          r.oursTokensPerSecond(),
          r.rawDocsPerSecond(),
          r.rawTokensPerSecond(),
          r.ratio());
      out.printf(
          Locale.ROOT,
          "%ntruncated at %d tokens: %d documents%nratio ours/raw = %.3f (goal >= 0.95): %s%n",
          embedder.info().maxTokens(),
          r.truncated(),
          r.ratio(),
          r.ratio() >= 0.95 ? "met" : "MISSED");
      return 0;
    }
  }
}
