package dev.ragserver.tools.cli;

import dev.ragserver.config.MultiVectorPrecision;
import dev.ragserver.config.OpenSearchConfig;
import dev.ragserver.config.RagConfig;
import dev.ragserver.index.collection.BackendHealth;
import dev.ragserver.server.cli.ConfigOptions;
import dev.ragserver.server.engine.Folders;
import dev.ragserver.tools.bench.index.IndexBenchmark;
import dev.ragserver.tools.bench.index.PeersBenchmark;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./rag bench index}: indexing rate, size, leg latency and HNSW recall on synthetic chunks.
 */
@Command(
    name = "index",
    mixinStandardHelpOptions = true,
    description = {
      "Build a collection of N synthetic chunks (dense, sparse and token vectors, text) and print the",
      "indexing rate, size per chunk by token-vector precision, p50/p99 latency of each leg and of the",
      "fused query, and HNSW recall@10 against exact search with its latency (same run)."
    })
final class BenchIndexCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--chunks",
      defaultValue = "100000",
      description = "Chunks (default: ${DEFAULT-VALUE}).")
  int chunks;

  @Option(
      names = "--dims",
      split = ",",
      defaultValue = "384,1024",
      description = "Vector dimensions, one run each (default: ${DEFAULT-VALUE}).")
  List<Integer> dims;

  @Option(
      names = "--tokens",
      defaultValue = "16",
      description = "Token vectors per chunk (default: ${DEFAULT-VALUE}).")
  int tokens;

  @Option(
      names = "--queries",
      defaultValue = "200",
      description = "Queries per measurement (default: ${DEFAULT-VALUE}).")
  int queries;

  @Option(
      names = "--backend",
      defaultValue = "lucene",
      description =
          "lucene (the full benchmark), or opensearch: the same chunks on the embedded backend and on the"
              + " cluster of opensearch.hosts, indexing rate and dense/fused latency side by side (default: ${DEFAULT-VALUE}).")
  String backend;

  @Option(
      names = "--peers",
      description =
          "Dense search against peers instead: our dense leg, bare Lucene, hnswlib and FAISS (scripts/bench-peers.py;"
              + " apt-get install python3-numpy python3-hnswlib python3-faiss) on the same vectors: recall@10 and"
              + " queries/s at each --candidates.")
  boolean peers;

  @Option(
      names = "--candidates",
      split = ",",
      defaultValue = "10,12,14,16,20,24,28,32,40,48,64,80,100,128",
      description = "With --peers: candidate counts (k, ef) (default: ${DEFAULT-VALUE}).")
  List<Integer> candidates;

  @Option(
      names = "--bulk",
      split = ",",
      defaultValue = "1000/128,30000/128,30000/512",
      description =
          "With --peers: bulk-load settings of our collections,"
              + " REFRESH_MS/RAM_BUFFER_MB[/MERGE_THREADS] (merge threads: index.hnsw_merge_threads"
              + " unless given), one collection each (default: ${DEFAULT-VALUE}).")
  List<String> bulk;

  @Option(
      names = "--python",
      defaultValue = "/usr/bin/python3",
      description =
          "With --peers: the Python with Debian's python3-hnswlib and python3-faiss (default: ${DEFAULT-VALUE}).")
  String python;

  @CommandLine.Mixin ConfigOptions config;

  private int peers(PrintWriter out) throws IOException, InterruptedException {
    Path script = Path.of(System.getProperty("rag.home", ".")).resolve("scripts/bench-peers.py");
    for (int dim : dims) {
      Path dir = Files.createTempDirectory("rag-bench-peers");
      try {
        out.printf(
            Locale.ROOT,
            "rag bench index --peers: %d vectors x %d dims, %d queries, one thread, M 16, beam 100%n",
            chunks,
            dim,
            queries);
        out.flush();
        PeersBenchmark.Result r =
            new PeersBenchmark(out)
                .run(
                    new PeersBenchmark.Options(
                        chunks,
                        dim,
                        queries,
                        candidates,
                        bulk.stream()
                            .map(
                                b ->
                                    PeersBenchmark.Bulk.parse(
                                        b, config.load().index().hnswMergeThreads()))
                            .toList(),
                        Files.exists(script) ? script : null,
                        python,
                        dir));
        r.notes().forEach(n -> out.println("  note: " + n));
        out.printf(
            Locale.ROOT,
            "%n| date | machine | vectors x dims | index | build s | segments before merge |%n"
                + "|---|---|---|---|---|---|%n");
        for (PeersBenchmark.Build b : r.builds()) {
          out.printf(
              Locale.ROOT,
              "| %s | %s | %,d x %d | %s | %.1f | %s |%n",
              LocalDate.now(ZoneOffset.UTC),
              BenchPaths.machine(),
              chunks,
              dim,
              b.system(),
              b.seconds(),
              b.segments() == 0 ? "-" : String.valueOf(b.segments()));
        }
        out.printf(
            Locale.ROOT,
            "%n| system | candidates for recall@10 0.95 | recall | q/s | p50 ms | candidates for 0.99 | q/s at 0.99 |%n"
                + "|---|---|---|---|---|---|---|%n");
        for (String system : r.systems()) {
          PeersBenchmark.Point p95 = r.atRecall(system, 0.95);
          PeersBenchmark.Point p99 = r.atRecall(system, 0.99);
          out.printf(
              Locale.ROOT,
              "| %s | %s | %s | %s | %s | %s | %s |%n",
              system,
              p95 == null ? "not reached" : String.valueOf(p95.candidates()),
              p95 == null ? "-" : String.format(Locale.ROOT, "%.3f", p95.recall()),
              p95 == null ? "-" : String.format(Locale.ROOT, "%.0f", p95.qps()),
              p95 == null ? "-" : String.format(Locale.ROOT, "%.3f", p95.p50Ms()),
              p99 == null ? "not reached" : String.valueOf(p99.candidates()),
              p99 == null ? "-" : String.format(Locale.ROOT, "%.0f", p99.qps()));
        }
        PeersBenchmark.Point hnswlib = r.atRecall("hnswlib", 0.95);
        PeersBenchmark.Point bare = r.atRecall("bare Lucene", 0.95);
        for (String system : r.systems()) {
          PeersBenchmark.Point ours = r.atRecall(system, 0.95);
          if (!system.startsWith("our dense leg") || ours == null) {
            continue;
          }
          out.printf(
              Locale.ROOT,
              "%s at recall 0.95: %s of hnswlib's q/s (goal >= 0.5x); candidates %d vs bare Lucene's %s%n",
              system,
              hnswlib == null
                  ? "n/a (hnswlib did not run)"
                  : String.format(Locale.ROOT, "%.2fx", ours.qps() / hnswlib.qps()),
              ours.candidates(),
              bare == null ? "n/a" : String.valueOf(bare.candidates()));
        }
        out.println();
        out.flush();
      } finally {
        Folders.deleteTree(dir);
      }
    }
    return 0;
  }

  private int compareBackends(PrintWriter out) throws IOException {
    RagConfig cfg = config.load();
    if (!cfg.opensearch().enabled()) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--backend opensearch needs a cluster: set opensearch.hosts (e.g. --set opensearch.hosts='[\"http://127.0.0.1:9200\"]')");
    }
    OpenSearchConfig os = cfg.opensearch();
    {
      BackendHealth health = IndexBenchmark.clusterHealth(os);
      for (int dim : dims) {
        Path dir = Files.createTempDirectory("rag-bench-backends");
        try {
          out.printf(
              Locale.ROOT,
              "rag bench index --backend opensearch: %d chunks x %d dims, %d token vectors, %d queries;"
                  + " cluster %s with %d nodes, index %d shards x %d replicas%n",
              chunks,
              dim,
              tokens,
              queries,
              health.status(),
              health.nodes(),
              os.shards(),
              os.replicas());
          out.flush();
          Map<String, IndexBenchmark.BackendResult> r =
              new IndexBenchmark(out)
                  .compareBackends(
                      new IndexBenchmark.Options(chunks, dim, tokens, queries, dir), os);
          out.printf(
              Locale.ROOT,
              "%n| date | machine | chunks x dims | backend | chunks/s | dense p50/p99 ms | fused p50/p99 ms "
                  + "| fused / dense p50 |%n");
          for (Map.Entry<String, IndexBenchmark.BackendResult> e : r.entrySet()) {
            IndexBenchmark.BackendResult b = e.getValue();
            out.printf(
                Locale.ROOT,
                "| %s | %d cores, Java %d | %d x %d | %s | %.0f | %.2f / %.2f | %.2f / %.2f | %.2fx |%n",
                LocalDate.now(ZoneOffset.UTC),
                Runtime.getRuntime().availableProcessors(),
                Runtime.version().feature(),
                chunks,
                dim,
                e.getKey(),
                b.chunksPerSecond(),
                b.dense().p50Ms(),
                b.dense().p99Ms(),
                b.fused().p50Ms(),
                b.fused().p99Ms(),
                b.fused().p50Ms() / b.dense().p50Ms());
          }
          out.printf(
              Locale.ROOT,
              "opensearch / lucene: indexing %.2fx the time, fused p50 %.2fx%n%n",
              r.get("lucene").chunksPerSecond() / r.get("opensearch").chunksPerSecond(),
              r.get("opensearch").fused().p50Ms() / r.get("lucene").fused().p50Ms());
          out.flush();
        } finally {
          Folders.deleteTree(dir);
        }
      }
    }
    return 0;
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    if (peers) {
      return peers(out);
    }
    if (backend.equals("opensearch")) {
      return compareBackends(out);
    }
    if (!backend.equals("lucene")) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--backend must be lucene or opensearch, got: " + backend);
    }
    for (int dim : dims) {
      Path dir = Files.createTempDirectory("rag-bench-index");
      try {
        out.printf(
            Locale.ROOT,
            "rag bench index: %d chunks x %d dims, %d token vectors each, %d queries%n",
            chunks,
            dim,
            tokens,
            queries);
        out.flush();
        IndexBenchmark.Result r =
            new IndexBenchmark(out)
                .run(new IndexBenchmark.Options(chunks, dim, tokens, queries, dir));
        out.printf(
            Locale.ROOT,
            "%n| date | machine | chunks x dims | chunks/s | bytes/chunk (int8 tokens) "
                + "| fp32 / int8 / binary tokens, bytes/chunk | recall@10 | hnsw p50 ms | exact p50 ms | speed-up | dense leg p50/p99 "
                + "| sparse p50/p99 | bm25 p50/p99 | colbert p50/p99 | fused p50/p99 | fused/dense p50 |%n");
        out.printf(
            Locale.ROOT,
            "| %s | %d cores, Java %d | %d x %d | %.0f | %.0f | %.0f / %.0f / %.0f | %.3f "
                + "| %.2f | %.2f | %.1fx | %.2f / %.2f | %.2f / %.2f | %.2f / %.2f | %.2f / %.2f | %.2f / %.2f | %.2fx |%n%n",
            LocalDate.now(ZoneOffset.UTC),
            Runtime.getRuntime().availableProcessors(),
            Runtime.version().feature(),
            chunks,
            dim,
            r.chunksPerSecond(),
            r.bytesPerChunk(),
            r.bytesPerChunkByPrecision().get(MultiVectorPrecision.FP32),
            r.bytesPerChunkByPrecision().get(MultiVectorPrecision.INT8),
            r.bytesPerChunkByPrecision().get(MultiVectorPrecision.BINARY),
            r.recallAt10(),
            r.latency().get("hnsw").p50Ms(),
            r.latency().get("exact").p50Ms(),
            r.speedUp(),
            r.latency().get("dense").p50Ms(),
            r.latency().get("dense").p99Ms(),
            r.latency().get("sparse").p50Ms(),
            r.latency().get("sparse").p99Ms(),
            r.latency().get("bm25").p50Ms(),
            r.latency().get("bm25").p99Ms(),
            r.latency().get("colbert").p50Ms(),
            r.latency().get("colbert").p99Ms(),
            r.latency().get("fused").p50Ms(),
            r.latency().get("fused").p99Ms(),
            r.fusedOverDense());
        out.printf(
            Locale.ROOT,
            "goals: recall@10 >= 0.95: %s; speed-up >= 20x: %s; fused p50 <= 3x dense: %s%n%n",
            r.recallAt10() >= 0.95 ? "met" : "MISSED",
            r.speedUp() >= 20 ? "met" : "MISSED",
            r.fusedOverDense() <= 3 ? "met" : "MISSED");
        out.flush();
      } finally {
        Folders.deleteTree(dir);
      }
    }
    return 0;
  }
}
