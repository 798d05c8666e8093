package dev.ragserver.tools.cli;

import dev.ragserver.config.RagConfig;
import dev.ragserver.index.collection.CollectionSettings;
import dev.ragserver.ingest.job.ImageUnderstanding;
import dev.ragserver.model.Embedders;
import dev.ragserver.model.TextEmbedder;
import dev.ragserver.server.cli.ConfigOptions;
import dev.ragserver.server.engine.Folders;
import dev.ragserver.tools.beir.BeirCorpus;
import dev.ragserver.tools.bench.ingest.IngestBenchmark;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./rag bench ingest}: end-to-end ingest vs the model alone on the same chunks. */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = {
      "Write the first N documents of a BEIR corpus as text files plus a few multi-page PDFs, ingest",
      "them into a fresh collection, then embed the same chunks with the model alone; print files/s, chunks/s",
      "and the ratio end-to-end / the model's embedding time in the same run (goal: <= 1.10), and against the",
      "model alone on the same chunks."
    })
final class BenchIngestCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;
  @Spec CommandSpec spec;

  @Mixin CorpusOption corpus;

  @Option(
      names = "--docs",
      defaultValue = "500",
      description = "Documents written as files (default: ${DEFAULT-VALUE}).")
  int docs;

  @Option(
      names = "--pdfs",
      defaultValue = "5",
      description =
          "PDFs of 8 pages each, made from the following documents (default: ${DEFAULT-VALUE}).")
  int pdfs;

  @Override
  public Integer call() throws IOException {
    Path file = corpus.file();
    PrintWriter out = spec.commandLine().getOut();
    RagConfig cfg = config.load();
    List<BeirCorpus.Document> documents = BeirCorpus.read(file, docs + pdfs * 8);
    Path work = Files.createTempDirectory("rag-bench-ingest");
    try (TextEmbedder embedder = Embedders.open(cfg.model())) {
      Path folder = IngestBenchmark.folder(work.resolve("corpus"));
      int written = 0;
      for (int i = 0; i < Math.min(docs, documents.size()); i++) {
        BeirCorpus.Document d = documents.get(i);
        Files.writeString(folder.resolve("doc-" + d.id() + ".txt"), d.title() + "\n\n" + d.text());
        written++;
      }
      for (int p = 0; p < pdfs; p++) {
        List<String> pages = new ArrayList<>();
        for (int k = 0; k < 8 && written + p * 8 + k < documents.size(); k++) {
          BeirCorpus.Document d = documents.get(written + p * 8 + k);
          pages.add(d.titleAndText());
        }
        if (!pages.isEmpty()) {
          IngestBenchmark.writePdf(folder.resolve("report-" + p + ".pdf"), "Report " + p, pages);
        }
      }
      out.printf(
          Locale.ROOT,
          "rag bench ingest: %s, %d text files + %d PDFs from %s, chunk_tokens %d, parse threads %d%n",
          cfg.model().name(),
          written,
          pdfs,
          file,
          cfg.ingest().chunkTokens(),
          cfg.ingest().effectiveParseThreads());
      IngestBenchmark.Result r =
          new IngestBenchmark(embedder, ImageUnderstanding.NONE, cfg.ingest(), cfg.search(), out)
              .run(folder, work.resolve("data"), CollectionSettings.defaults(cfg.index()));
      out.printf(
          Locale.ROOT,
          "%n| date | machine | model | files | chunks | files/s | chunks/s | end-to-end s "
              + "| in-job model s | model alone s | end-to-end / in-job model | end-to-end / model alone |%n"
              + "|---|---|---|---|---|---|---|---|---|---|---|---|%n");
      out.printf(
          Locale.ROOT,
          "| %s | %s | %s | %d | %,d | %.1f | %.1f | %.1f | %.1f | %.1f | %.3f | %.3f |%n",
          LocalDate.now(ZoneOffset.UTC),
          BenchPaths.machine(),
          cfg.model().name(),
          r.files(),
          r.chunks(),
          r.files() / r.endToEndSeconds(),
          r.chunks() / r.endToEndSeconds(),
          r.endToEndSeconds(),
          r.inJobEmbedSeconds(),
          r.embedSeconds(),
          r.ratio(),
          r.ratioToModelAlone());
      out.printf(
          Locale.ROOT,
          "%nend-to-end / time the model spent embedding the same chunks in this run = %.3f"
              + " (goal <= 1.10): %s%nend-to-end / the model alone on the same chunks = %.3f (stricter: the model also"
              + " loses the cores parsing and indexing use)%n",
          r.ratio(),
          r.ratio() <= 1.10 ? "met" : "MISSED",
          r.ratioToModelAlone());
      return r.failed() == 0 ? 0 : 1;
    } finally {
      Folders.deleteTree(work);
    }
  }
}
