package dev.ragserver.tools.bench.serve;

import dev.ragserver.config.ConfigLoader;
import dev.ragserver.config.RagConfig;
import dev.ragserver.index.collection.CollectionIndex;
import dev.ragserver.index.collection.CollectionSettings;
import dev.ragserver.index.schema.Chunk;
import dev.ragserver.model.Embedding;
import dev.ragserver.server.engine.Engine;
import dev.ragserver.server.http.Json;
import dev.ragserver.server.http.ServerApp;
import dev.ragserver.tools.bench.index.SyntheticCorpus;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Builds a collection of synthetic chunks in the running model's dimensions (dense + token vectors,
 * 60 words of text), starts the real HTTP server on loopback, and runs closed-loop load at each
 * concurrency: every client thread sends the next query as soon as the last one answered. Query
 * embedding is part of each request, as it is for a real client.
 */
public final class ServeBenchmark {
  private final RagConfig base;
  private final PrintWriter out;

  public ServeBenchmark(RagConfig base, PrintWriter out) {
    this.base = base;
    this.out = out;
  }

  /**
   * One load level.
   *
   * @param kind dense or hybrid
   * @param concurrency client threads
   * @param requests answered requests
   * @param errors non-200 answers or failed requests
   * @param seconds measured time
   * @param p50 median latency, ms
   * @param p99 99th percentile latency, ms
   */
  public record Level(
      String kind,
      int concurrency,
      long requests,
      long errors,
      double seconds,
      double p50,
      double p99) {
    public double throughput() {
      return requests / seconds;
    }
  }

  /** Runs the benchmark with a data folder under {@code work}. */
  public List<Level> run(Path work, int chunks, List<Integer> concurrencies, int secondsPerLevel)
      throws Exception {
    RagConfig config =
        ConfigLoader.builder()
            .environment(java.util.Map.of())
            .override("index.data_dir", work.toString())
            .override("server.port", "0")
            .override("server.request_timeout_ms", "120000")
            .override("model.name", base.model().name())
            .build()
            .load();
    List<Level> levels = new ArrayList<>();
    try (Engine engine = Engine.open(config)) {
      int dim = engine.embedder().info().denseDimension();
      CollectionIndex index =
          engine
              .registry()
              .create(
                  "bench",
                  CollectionSettings.defaults(config.index()),
                  engine.embedder().info(),
                  null);
      SyntheticCorpus corpus = new SyntheticCorpus(dim, 16, 20261127L);
      long t0 = System.nanoTime();
      List<Chunk> batch = new ArrayList<>();
      for (int i = 0; i < chunks; i++) {
        Chunk c = corpus.chunk(i);
        Embedding e = c.embedding();
        batch.add(
            new Chunk(
                c.chunkId(),
                c.documentId(),
                c.chunkNumber(),
                c.text(),
                c.source(),
                c.title(),
                0,
                0,
                0,
                0,
                List.of(),
                c.modality(),
                c.metadata(),
                new Embedding(e.dense(), null, e.multiVector(), e.tokens(), false),
                null));
        if (batch.size() == 1000) {
          index.upsert(batch);
          batch.clear();
        }
      }
      index.upsert(batch);
      index.forceMerge(1);
      out.printf(
          Locale.ROOT,
          "built %,d chunks × %d dims in %.1f s (merged to one segment)%n",
          chunks,
          dim,
          (System.nanoTime() - t0) / 1e9);
      try (ServerApp server = ServerApp.start(engine)) {
        String url = "http://127.0.0.1:" + server.port() + "/v1/collections/bench/query";
        List<String> queries = new ArrayList<>();
        for (int q = 0; q < 500; q++) {
          queries.add(corpus.query(q).text());
        }
        HttpClient http =
            HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(4))
                .build();
        load(http, url, queries, "dense", 2, 3);
        load(http, url, queries, "hybrid", 2, 3);
        for (String kind : List.of("dense", "hybrid")) {
          for (int c : concurrencies) {
            Level level = load(http, url, queries, kind, c, secondsPerLevel);
            out.printf(
                Locale.ROOT,
                "%-6s c=%-3d %8.1f req/s  p50 %7.1f ms  p99 %7.1f ms  errors %d%n",
                kind,
                c,
                level.throughput(),
                level.p50(),
                level.p99(),
                level.errors());
            out.flush();
            levels.add(level);
          }
        }
      }
    }
    return levels;
  }

  private static String body(String kind, String query) throws Exception {
    var node = Json.MAPPER.createObjectNode().put("query", query).put("top_k", 10);
    if (kind.equals("dense")) {
      node.set("legs", Json.MAPPER.valueToTree(List.of("dense")));
    }
    return Json.MAPPER.writeValueAsString(node);
  }

  private static Level load(
      HttpClient http, String url, List<String> queries, String kind, int concurrency, int seconds)
      throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(concurrency);
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    AtomicLong next = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    List<Future<long[]>> futures = new ArrayList<>();
    long start = System.nanoTime();
    for (int t = 0; t < concurrency; t++) {
      futures.add(
          clients.submit(
              () -> {
                long[] lat = new long[1 << 16];
                int n = 0;
                while (System.nanoTime() < deadline) {
                  String q = queries.get((int) (next.getAndIncrement() % queries.size()));
                  HttpRequest req =
                      HttpRequest.newBuilder(URI.create(url))
                          .header("Content-Type", "application/json")
                          .POST(HttpRequest.BodyPublishers.ofString(body(kind, q)))
                          .build();
                  long t0 = System.nanoTime();
                  try {
                    HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 200) {
                      errors.incrementAndGet();
                      continue;
                    }
                  } catch (Exception e) {
                    errors.incrementAndGet();
                    continue;
                  }
                  if (n == lat.length) {
                    lat = Arrays.copyOf(lat, n * 2);
                  }
                  lat[n++] = System.nanoTime() - t0;
                }
                return Arrays.copyOf(lat, n);
              }));
    }
    List<Long> all = new ArrayList<>();
    for (Future<long[]> f : futures) {
      for (long v : f.get()) {
        all.add(v);
      }
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    clients.shutdown();
    all.sort(null);
    double p50 = all.isEmpty() ? Double.NaN : all.get(all.size() / 2) / 1e6;
    double p99 =
        all.isEmpty()
            ? Double.NaN
            : all.get(Math.min(all.size() - 1, (int) (all.size() * 0.99))) / 1e6;
    return new Level(kind, concurrency, all.size(), errors.get(), elapsed, p50, p99);
  }
}
