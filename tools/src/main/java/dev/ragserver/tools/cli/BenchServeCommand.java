package dev.ragserver.tools.cli;

import dev.ragserver.config.RagConfig;
import dev.ragserver.server.cli.ConfigOptions;
import dev.ragserver.server.engine.Folders;
import dev.ragserver.tools.bench.serve.ServeBenchmark;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./rag bench serve}: throughput and latency of the HTTP server under load. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Build a collection of N synthetic chunks, start the server on loopback and run closed-loop load",
      "(Java HTTP client) at each concurrency, for dense-only and hybrid queries: throughput, p50/p99, errors."
    })
final class BenchServeCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;
  @Spec CommandSpec spec;

  @Option(
      names = "--chunks",
      defaultValue = "100000",
      description = "Chunks (default: ${DEFAULT-VALUE}).")
  int chunks;

  @Option(
      names = "--concurrency",
      split = ",",
      defaultValue = "1,8,32",
      description = "Client threads per level (default: ${DEFAULT-VALUE}).")
  List<Integer> concurrency;

  @Option(
      names = "--seconds",
      defaultValue = "20",
      description = "Seconds per level (default: ${DEFAULT-VALUE}).")
  int seconds;

  @Override
  public Integer call() throws Exception {
    RagConfig cfg = config.load();
    PrintWriter out = spec.commandLine().getOut();
    Path work = Files.createTempDirectory("rag-bench-serve");
    try {
      out.printf(
          Locale.ROOT,
          "rag bench serve: %s, %,d chunks, concurrency %s, %d s per level%n",
          cfg.model().name(),
          chunks,
          concurrency,
          seconds);
      List<ServeBenchmark.Level> levels =
          new ServeBenchmark(cfg, out).run(work, chunks, concurrency, seconds);
      out.printf(
          Locale.ROOT,
          "%n| date | machine | chunks | query | concurrency | req/s | p50 ms | p99 ms | errors |%n"
              + "|---|---|---|---|---|---|---|---|---|%n");
      long errors = 0;
      for (ServeBenchmark.Level l : levels) {
        out.printf(
            Locale.ROOT,
            "| %s | %s | %,d | %s | %d | %.1f | %.1f | %.1f | %d |%n",
            LocalDate.now(ZoneOffset.UTC),
            BenchPaths.machine(),
            chunks,
            l.kind(),
            l.concurrency(),
            l.throughput(),
            l.p50(),
            l.p99(),
            l.errors());
        errors += l.errors();
      }
      out.printf(
          Locale.ROOT, "%nerrors: %d (goal: 0): %s%n", errors, errors == 0 ? "met" : "MISSED");
      return errors == 0 ? 0 : 1;
    } finally {
      Folders.deleteTree(work);
    }
  }
}
