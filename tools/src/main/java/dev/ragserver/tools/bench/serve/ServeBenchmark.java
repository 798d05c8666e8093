package dev.ragserver.tools.bench.serve;

import dev.ragserver.config.ConfigLoader;
import dev.ragserver.config.ModelConfig;
import dev.ragserver.config.RagConfig;
import dev.ragserver.index.collection.CollectionIndex;
import dev.ragserver.index.collection.CollectionManifest;
import dev.ragserver.index.collection.CollectionSettings;
import dev.ragserver.index.opensearch.OpenSearchClient;
import dev.ragserver.index.schema.Chunk;
import dev.ragserver.model.Embedding;
import dev.ragserver.model.EmbeddingPart;
import dev.ragserver.model.ModelInfo;
import dev.ragserver.server.engine.Engine;
import dev.ragserver.server.http.Json;
import dev.ragserver.server.http.ServerApp;
import dev.ragserver.tools.bench.embed.BareSession;
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
 * concurrency: every client thread sends the next request as soon as the last one answered. Query
 * embedding is part of each request, as it is for a real client; the query-embedding cache is off,
 * so every request runs the model.
 *
 * <p>The same run measures the limit of the model itself: a bare ONNX Runtime session ({@link
 * BareSession}, the model's file opened again with the same settings) fed exactly the texts each
 * kind of request puts through the model — a dense query its instructed text, a hybrid query of a
 * built-in model also its bare text (token vectors), {@code /v1/embeddings} the text as a document
 * — one query at a time (the latency floor) and 32 queries per call (the throughput limit on this
 * machine), both from text (tokenizing included, as in the server), before and after the load.
 * Every kind of request runs for a warm-up first ({@link Plan#warmupSeconds()}), so the levels
 * measure the JIT-compiled request path a long-running server has.
 */
public final class ServeBenchmark {
  /** Queries per call of the bare session's throughput limit. */
  public static final int LIMIT_BATCH = 32;

  private final RagConfig base;
  private final PrintWriter out;

  public ServeBenchmark(RagConfig base, PrintWriter out) {
    this.base = base;
    this.out = out;
  }

  /** The kinds of request: two query shapes and OpenAI's embeddings route. */
  public enum Kind {
    /** {@code legs: ["dense"]}. */
    DENSE,
    /** The default query: every leg the collection has (dense, BM25, ColBERT rescoring; RRF). */
    HYBRID,
    /** {@code POST /v1/embeddings} with one input. */
    EMBEDDINGS;

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * What to run.
   *
   * @param chunks chunks in the collection
   * @param concurrencies client threads of each level, in order
   * @param secondsPerLevel measured seconds of each level
   * @param warmupSeconds seconds of each kind of request, at concurrency 2, before the first level
   * @param replicas servers the requests go to in turn (above 1: on the cluster)
   */
  public record Plan(
      int chunks,
      List<Integer> concurrencies,
      int secondsPerLevel,
      int warmupSeconds,
      int replicas) {
    public Plan {
      if (chunks < 1) {
        throw new IllegalArgumentException("chunks must be at least 1, got: " + chunks);
      }
      if (concurrencies.isEmpty() || concurrencies.stream().anyMatch(c -> c < 1)) {
        throw new IllegalArgumentException(
            "concurrencies must be one or more numbers of at least 1, got: " + concurrencies);
      }
      if (secondsPerLevel < 1) {
        throw new IllegalArgumentException(
            "seconds per level must be at least 1, got: " + secondsPerLevel);
      }
      if (warmupSeconds < 0) {
        throw new IllegalArgumentException(
            "warm-up seconds must be at least 0, got: " + warmupSeconds);
      }
      if (replicas < 1) {
        throw new IllegalArgumentException("replicas must be at least 1, got: " + replicas);
      }
      concurrencies = List.copyOf(concurrencies);
    }
  }

  /**
   * One load level.
   *
   * @param kind the kind of request
   * @param replicas servers the requests went to, in turn
   * @param concurrency client threads
   * @param requests answered requests
   * @param errors non-200 answers or failed requests
   * @param seconds measured time
   * @param p50 median latency, ms
   * @param p99 99th percentile latency, ms
   * @param cpuMs CPU time of this process (the servers and the load's own client) per answered
   *     request, ms
   * @param clusterCpuMs CPU time of the cluster's nodes per answered request, ms (NaN without a
   *     cluster)
   */
  public record Level(
      Kind kind,
      int replicas,
      int concurrency,
      long requests,
      long errors,
      double seconds,
      double p50,
      double p99,
      double cpuMs,
      double clusterCpuMs) {
    public double throughput() {
      return requests / seconds;
    }
  }

  /**
   * The bare session's figures for one kind of request, measured before and after the load.
   *
   * @param kind the kind of request
   * @param texts texts through the model per request
   * @param singleMs median time of one request's texts, ms (before, after)
   * @param limitPerSecond requests per second at {@value #LIMIT_BATCH} requests per call (before,
   *     after)
   */
  public record Baseline(Kind kind, int texts, double[] singleMs, double[] limitPerSecond) {
    public double single() {
      return (singleMs[0] + singleMs[1]) / 2;
    }

    public double limit() {
      return (limitPerSecond[0] + limitPerSecond[1]) / 2;
    }
  }

  /** Levels in the order run, and the baselines of each kind. */
  public record Report(List<Level> levels, List<Baseline> baselines) {}

  /**
   * Runs the benchmark with a data folder under {@code work}. With {@code plan.replicas()} above 1
   * the collection is built on the cluster of {@code opensearch.hosts} and each level runs against
   * one server and then against {@code plan.replicas()} servers over the same cluster (each its own
   * engine and model, in this process), the requests sent to them in turn.
   */
  public Report run(Path work, Plan plan) throws Exception {
    int replicas = plan.replicas();
    if (replicas > 1 && !base.opensearch().enabled()) {
      throw new IllegalArgumentException(
          "--replicas "
              + replicas
              + " needs opensearch.hosts: the replicas serve one collection on a cluster"
              + " (scripts/opensearch-cluster.sh start DIR starts a local one)");
    }
    RagConfig config =
        ConfigLoader.builder()
            .base(base)
            .override("index.data_dir", work.resolve("data").toString())
            .override("server.port", "0")
            .override("server.host", "127.0.0.1")
            .override("server.request_timeout_ms", "120000")
            .override("model.query_cache_size", "0")
            .build()
            .load();
    List<Level> levels = new ArrayList<>();
    boolean onCluster = replicas > 1;
    try (Engine engine = Engine.open(config);
        OpenSearchClient cluster =
            onCluster ? OpenSearchClient.forConfig(config.opensearch()) : null) {
      ModelInfo info = engine.embedder().info();
      build(engine, config, info, plan.chunks(), onCluster);
      SyntheticCorpus corpus = new SyntheticCorpus(info.denseDimension(), 16, 20261127L);
      List<String> queries = new ArrayList<>();
      for (int q = 0; q < 500; q++) {
        queries.add(corpus.query(q).text());
      }
      double[][] single = new double[Kind.values().length][2];
      double[][] limit = new double[Kind.values().length][2];
      try (BareSession bare = BareSession.open(config.model())) {
        baselines(bare, info, config.model(), queries, 0, single, limit);
        List<AutoCloseable> opened = new ArrayList<>();
        try {
          List<String> roots = startServers(engine, config, replicas, opened);
          levels.addAll(levels(roots, info.id(), queries, plan, cluster));
        } finally {
          for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
          }
          if (onCluster) {
            engine.registry().delete("bench"); // and its index on the cluster
          }
        }
        baselines(bare, info, config.model(), queries, 1, single, limit);
      }
      List<Baseline> baselines = new ArrayList<>();
      for (Kind kind : Kind.values()) {
        baselines.add(
            new Baseline(
                kind,
                modelTexts(kind, info, config.model(), List.of("q")).size(),
                single[kind.ordinal()],
                limit[kind.ordinal()]));
      }
      return new Report(levels, baselines);
    }
  }

  /**
   * Starts the server on the engine and {@code replicas - 1} more, each on an engine of its own
   * over the same data folder and cluster; everything started is added to {@code opened}.
   *
   * @return each server's root URL
   */
  private static List<String> startServers(
      Engine engine, RagConfig config, int replicas, List<AutoCloseable> opened) {
    List<String> roots = new ArrayList<>();
    ServerApp first = ServerApp.start(engine);
    opened.add(first);
    roots.add("http://127.0.0.1:" + first.port());
    for (int r = 1; r < replicas; r++) {
      Engine more = Engine.open(config);
      opened.add(more);
      ServerApp server = ServerApp.start(more);
      opened.add(server);
      roots.add("http://127.0.0.1:" + server.port());
    }
    return roots;
  }

  /**
   * Every kind of request at every concurrency, against the first server and then (with more than
   * one) against all of them.
   *
   * @param cluster the cluster whose CPU each level reports, or null
   */
  private List<Level> levels(
      List<String> roots, String model, List<String> queries, Plan plan, OpenSearchClient cluster)
      throws Exception {
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newFixedThreadPool(4))
            .build();
    List<Integer> counts = roots.size() > 1 ? List.of(1, roots.size()) : List.of(1);
    List<Level> levels = new ArrayList<>();
    // every kind first, so the JIT has compiled the server's and the client's paths before any
    // level (with 3 s per kind, p50 at concurrency 1 came out up to 15 % higher:
    // docs/benchmarks.md)
    for (Kind kind : Kind.values()) {
      load(http, roots, model, queries, kind, 2, plan.warmupSeconds(), null);
    }
    for (Kind kind : Kind.values()) {
      for (int c : plan.concurrencies()) {
        for (int n : counts) {
          Level level =
              load(
                  http,
                  roots.subList(0, n),
                  model,
                  queries,
                  kind,
                  c,
                  plan.secondsPerLevel(),
                  cluster);
          out.printf(
              Locale.ROOT,
              "%-10s c=%-3d replicas %d %8.1f req/s  p50 %7.1f ms  p99 %7.1f ms  errors %d"
                  + "  cpu %.1f ms/req%n",
              kind.key(),
              c,
              n,
              level.throughput(),
              level.p50(),
              level.p99(),
              level.errors(),
              level.cpuMs());
          out.flush();
          levels.add(level);
        }
      }
    }
    return levels;
  }

  private void build(
      Engine engine, RagConfig config, ModelInfo info, int chunks, boolean onCluster) {
    CollectionIndex index =
        engine
            .registry()
            .create(
                "bench",
                CollectionSettings.defaults(config.index()),
                info,
                null,
                onCluster
                    ? new CollectionManifest.OpenSearchIndex(
                        // its own index: never one a user or an earlier run left
                        config.opensearch().indexPrefix() + "bench-" + System.currentTimeMillis(),
                        config.opensearch().shards(),
                        config.opensearch().replicas())
                    : null);
    SyntheticCorpus corpus = new SyntheticCorpus(info.denseDimension(), 16, 20261127L);
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
        "built %,d chunks × %d dims %s in %.1f s (merged to one segment)%n",
        chunks,
        info.denseDimension(),
        onCluster ? "on the cluster" : "embedded",
        (System.nanoTime() - t0) / 1e9);
  }

  /**
   * The texts the server puts through the model for these requests, as the pipeline orders them: a
   * query's instructed text (dense, sparse), then — for a hybrid query of a model whose token
   * vectors are computed without the instruction — its bare text; a document as it is.
   */
  static List<String> modelTexts(
      Kind kind, ModelInfo info, ModelConfig model, List<String> requests) {
    String instruction = info.queryInstruction();
    if (kind == Kind.EMBEDDINGS || instruction.isEmpty()) {
      return requests;
    }
    List<String> texts = new ArrayList<>(requests.stream().map(q -> instruction + q).toList());
    if (kind == Kind.HYBRID
        && info.parts().contains(EmbeddingPart.MULTI_VECTOR)
        && !model.instructionForMultiVector()) {
      texts.addAll(requests);
    }
    return texts;
  }

  private void baselines(
      BareSession bare,
      ModelInfo info,
      ModelConfig model,
      List<String> queries,
      int pass,
      double[][] single,
      double[][] limit) {
    for (Kind kind : Kind.values()) {
      bare.run(bare.plan(modelTexts(kind, info, model, queries.subList(0, LIMIT_BATCH))));
      long[] times = new long[64];
      for (int i = 0; i < times.length; i++) {
        List<String> texts = modelTexts(kind, info, model, List.of(queries.get(i)));
        long t0 = System.nanoTime();
        bare.run(bare.plan(texts)); // from text, as the limit below and as the server does
        times[i] = System.nanoTime() - t0;
      }
      Arrays.sort(times);
      single[kind.ordinal()][pass] = times[times.length / 2] / 1e6;
      long t0 = System.nanoTime();
      long answered = 0;
      for (int from = 0; answered < 8L * LIMIT_BATCH || System.nanoTime() - t0 < 5e9; ) {
        List<String> group = queries.subList(from, from + LIMIT_BATCH);
        bare.run(bare.plan(modelTexts(kind, info, model, group)));
        answered += LIMIT_BATCH;
        from = (from + LIMIT_BATCH) % (queries.size() - LIMIT_BATCH);
      }
      limit[kind.ordinal()][pass] = answered / ((System.nanoTime() - t0) / 1e9);
      out.printf(
          Locale.ROOT,
          "bare session (%s), %s: one request %.1f ms, %d per call %.1f requests/s%n",
          pass == 0 ? "before" : "after",
          kind.key(),
          single[kind.ordinal()][pass],
          LIMIT_BATCH,
          limit[kind.ordinal()][pass]);
      out.flush();
    }
  }

  private static String body(Kind kind, String model, String query) throws Exception {
    var node = Json.MAPPER.createObjectNode();
    switch (kind) {
      case DENSE ->
          node.put("query", query)
              .put("top_k", 10)
              .set("legs", Json.MAPPER.valueToTree(List.of("dense")));
      case HYBRID -> node.put("query", query).put("top_k", 10);
      case EMBEDDINGS -> node.put("model", model).put("input", query);
    }
    return Json.MAPPER.writeValueAsString(node);
  }

  /** This process's CPU time so far, ns. */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static Level load(
      HttpClient http,
      List<String> roots,
      String model,
      List<String> queries,
      Kind kind,
      int concurrency,
      int seconds,
      OpenSearchClient cluster)
      throws Exception {
    List<URI> urls =
        roots.stream()
            .map(
                root ->
                    URI.create(
                        root
                            + (kind == Kind.EMBEDDINGS
                                ? "/v1/embeddings"
                                : "/v1/collections/bench/query")))
            .toList();
    ExecutorService clients = Executors.newFixedThreadPool(concurrency);
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    AtomicLong next = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    List<Future<long[]>> futures = new ArrayList<>();
    long cpu0 = processCpuNanos();
    long clusterCpu0 = cluster == null ? 0 : cluster.processCpuMillis();
    long start = System.nanoTime();
    for (int t = 0; t < concurrency; t++) {
      futures.add(
          clients.submit(
              () -> {
                long[] lat = new long[1 << 16];
                int n = 0;
                while (System.nanoTime() < deadline) {
                  long i = next.getAndIncrement();
                  String q = queries.get((int) (i % queries.size()));
                  HttpRequest req =
                      HttpRequest.newBuilder(urls.get((int) (i % urls.size())))
                          .header("Content-Type", "application/json")
                          .POST(HttpRequest.BodyPublishers.ofString(body(kind, model, q)))
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
    double cpuMs = (processCpuNanos() - cpu0) / 1e6 / Math.max(1, all.size());
    double clusterCpuMs =
        cluster == null
            ? Double.NaN
            : (cluster.processCpuMillis() - clusterCpu0) / (double) Math.max(1, all.size());
    clients.shutdown();
    all.sort(null);
    double p50 = all.isEmpty() ? Double.NaN : all.get(all.size() / 2) / 1e6;
    double p99 =
        all.isEmpty()
            ? Double.NaN
            : all.get(Math.min(all.size() - 1, (int) (all.size() * 0.99))) / 1e6;
    return new Level(
        kind,
        urls.size(),
        concurrency,
        all.size(),
        errors.get(),
        elapsed,
        p50,
        p99,
        cpuMs,
        clusterCpuMs);
  }
}
