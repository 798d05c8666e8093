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
      "(Java HTTP client) at each concurrency, for dense-only and hybrid queries and /v1/embeddings:",
      "throughput, p50/p99, errors, and each next to a bare ONNX Runtime session's figures for the same",
      "texts in the same run (one request at a time; 32 requests per call). --set applies to the server.",
      "--replicas N: the collection on the cluster of opensearch.hosts, each level against 1 and N servers.",
      "CPU per request: this process (servers and load client); the cluster's nodes apart."
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

  @Option(
      names = "--warmup",
      defaultValue = "20",
      description =
          "Seconds of each kind of request before the first level, so the JIT has compiled the"
              + " request path (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(
      names = "--replicas",
      defaultValue = "1",
      description =
          "Servers over one collection on the cluster of opensearch.hosts, requests sent to them in"
              + " turn; each level runs against 1 and then N (default: ${DEFAULT-VALUE}: one"
              + " server, embedded collection).")
  int replicas;

  @Override
  public Integer call() throws Exception {
    RagConfig cfg = config.load();
    PrintWriter out = spec.commandLine().getOut();
    Path work = Files.createTempDirectory("rag-bench-serve");
    try {
      out.printf(
          Locale.ROOT,
          "rag bench serve: %s, %,d chunks, concurrency %s, %d s per level (after %d s of each"
              + " kind), replicas %d%n",
          cfg.model().name(),
          chunks,
          concurrency,
          seconds,
          warmup,
          replicas);
      ServeBenchmark.Report report;
      try {
        report =
            new ServeBenchmark(cfg, out)
                .run(work, new ServeBenchmark.Plan(chunks, concurrency, seconds, warmup, replicas));
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
      out.printf(
          Locale.ROOT,
          "%n| date | machine | chunks | request | replicas | concurrency | req/s | p50 ms | p99 ms"
              + " | errors | req/s / bare limit | p50 / bare one | CPU ms/req (this process) |"
              + " cluster CPU ms/req |%n"
              + "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|%n");
      long errors = 0;
      for (ServeBenchmark.Level l : report.levels()) {
        ServeBenchmark.Baseline b = report.baselines().get(l.kind().ordinal());
        out.printf(
            Locale.ROOT,
            "| %s | %s | %,d | %s | %d | %d | %.1f | %.1f | %.1f | %d | %.2f | %.2f | %.1f | %s |%n",
            LocalDate.now(ZoneOffset.UTC),
            BenchPaths.machine(),
            chunks,
            l.kind().key(),
            l.replicas(),
            l.concurrency(),
            l.throughput(),
            l.p50(),
            l.p99(),
            l.errors(),
            l.throughput() / b.limit(),
            l.p50() / b.single(),
            l.cpuMs(),
            Double.isNaN(l.clusterCpuMs())
                ? "-"
                : String.format(Locale.ROOT, "%.1f", l.clusterCpuMs()));
        errors += l.errors();
      }
      out.printf(
          Locale.ROOT,
          "%nbare session (same model, same settings), mean of before and after the load:%n");
      for (ServeBenchmark.Baseline b : report.baselines()) {
        out.printf(
            Locale.ROOT,
            "  %-10s %d text(s) per request: one request %.1f ms (%.1f, %.1f); %d per call"
                + " %.1f requests/s (%.1f, %.1f)%n",
            b.kind().key(),
            b.texts(),
            b.single(),
            b.singleMs()[0],
            b.singleMs()[1],
            ServeBenchmark.LIMIT_BATCH,
            b.limit(),
            b.limitPerSecond()[0],
            b.limitPerSecond()[1]);
      }
      out.printf(
          Locale.ROOT, "%nerrors: %d (goal: 0): %s%n", errors, errors == 0 ? "met" : "MISSED");
      return errors == 0 ? 0 : 1;
    } finally {
      Folders.deleteTree(work);
    }
  }
}
