package dev.ragserver.tools.bench.index;

import dev.ragserver.config.AnalyzerLanguage;
import dev.ragserver.config.MultiVectorPrecision;
import dev.ragserver.config.OpenSearchConfig;
import dev.ragserver.config.Quantization;
import dev.ragserver.config.SearchConfig;
import dev.ragserver.index.Registries;
import dev.ragserver.index.collection.BackendHealth;
import dev.ragserver.index.collection.CollectionIndex;
import dev.ragserver.index.collection.CollectionManifest;
import dev.ragserver.index.collection.CollectionRegistry;
import dev.ragserver.index.collection.CollectionSettings;
import dev.ragserver.index.opensearch.OpenSearchClient;
import dev.ragserver.index.schema.Chunk;
import dev.ragserver.index.schema.ChunkFields;
import dev.ragserver.index.search.Hit;
import dev.ragserver.index.search.Leg;
import dev.ragserver.index.search.LegSpec;
import dev.ragserver.index.search.QueryInput;
import dev.ragserver.index.search.SearchRequest;
import dev.ragserver.model.EmbeddingPart;
import dev.ragserver.model.ModelInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;

/** Builds a synthetic collection and measures indexing, size, latency and recall in one run. */
public final class IndexBenchmark {
  static final SearchConfig SEARCH =
      new SearchConfig(10, 100, 50, 60, 1000, 1, 1, 1, 1, 1, 32, 1024);
  private static final int SIZE_SAMPLE = 2000;

  private final PrintWriter log;

  public IndexBenchmark(PrintWriter log) {
    this.log = log;
  }

  /**
   * What to build.
   *
   * @param chunks chunks in the main collection
   * @param dim dense and token vector dimensions
   * @param tokens token vectors per chunk
   * @param queries queries per measurement
   * @param dir scratch folder (deleted contents are the caller's business)
   */
  public record Options(int chunks, int dim, int tokens, int queries, Path dir) {}

  /**
   * Latency percentiles of one query shape.
   *
   * @param p50Ms median milliseconds
   * @param p99Ms 99th percentile milliseconds
   */
  public record Latency(double p50Ms, double p99Ms) {}

  /**
   * Everything measured.
   *
   * @param chunksPerSecond indexing rate (upserts and the final commit)
   * @param bytesPerChunk size on disk of the main collection per chunk (int8 token vectors), merged
   * @param bytesPerChunkByPrecision size per chunk of small collections by token-vector precision
   * @param latency per leg through the whole query pipeline (stored fields, fusion), plus "fused"
   *     (every leg, RRF), "hnsw" (the bare Lucene kNN query of the dense leg) and "exact" (SIMD
   *     brute force over the same vectors in memory)
   * @param recallAt10 dense leg top 10 vs exact top 10
   */
  public record Result(
      double chunksPerSecond,
      double bytesPerChunk,
      Map<MultiVectorPrecision, Double> bytesPerChunkByPrecision,
      Map<String, Latency> latency,
      double recallAt10) {
    /**
     * How many times faster HNSW search is than exact search over the same vectors (median over
     * median).
     */
    public double speedUp() {
      return latency.get("exact").p50Ms() / latency.get("hnsw").p50Ms();
    }

    /** Fused hybrid median over dense median. */
    public double fusedOverDense() {
      return latency.get("fused").p50Ms() / latency.get("dense").p50Ms();
    }
  }

  public Result run(Options o) {
    SyntheticCorpus corpus = new SyntheticCorpus(o.dim(), o.tokens(), 20261127L);
    ModelInfo model =
        new ModelInfo("synthetic-" + o.dim(), EmbeddingPart.all(), o.dim(), o.dim(), 512, "");
    Map<MultiVectorPrecision, Double> sizes = new LinkedHashMap<>();
    try (CollectionRegistry registry = Registries.embedded(o.dir(), 1000, SEARCH)) {
      for (MultiVectorPrecision p : MultiVectorPrecision.values()) {
        CollectionIndex small =
            registry.create(
                "size-" + p.name().toLowerCase(java.util.Locale.ROOT), settings(p), model, null);
        index(small, corpus, Math.min(SIZE_SAMPLE, o.chunks()), null);
        small.forceMerge(1);
        sizes.put(p, (double) small.stats().bytesOnDisk() / Math.min(SIZE_SAMPLE, o.chunks()));
        log.printf(
            java.util.Locale.ROOT, "  %s token vectors: %.0f bytes per chunk%n", p, sizes.get(p));
        log.flush();
      }
      CollectionIndex main =
          registry.create("main", settings(MultiVectorPrecision.INT8), model, null);
      float[][] vectors = new float[o.chunks()][];
      long nanos = index(main, corpus, o.chunks(), vectors);
      double rate = o.chunks() / (nanos / 1e9);
      int segments = main.stats().segments();
      long mergeStart = System.nanoTime();
      main.forceMerge(1);
      double mergeSeconds = (System.nanoTime() - mergeStart) / 1e9;
      double bytesPerChunk = (double) main.stats().bytesOnDisk() / o.chunks();
      log.printf(
          java.util.Locale.ROOT,
          "  indexed %d chunks: %.0f chunks/s into %d segments; merged to 1 segment in"
              + " %.1f s; %.0f bytes per chunk%n",
          o.chunks(),
          rate,
          segments,
          mergeSeconds,
          bytesPerChunk);
      log.flush();

      List<SyntheticCorpus.Query> queries = new ArrayList<>();
      for (int q = 0; q < o.queries(); q++) {
        queries.add(corpus.query(q));
      }
      Map<String, Latency> latency = new LinkedHashMap<>();
      for (Leg leg : List.of(Leg.DENSE, Leg.SPARSE, Leg.BM25, Leg.COLBERT)) {
        latency.put(
            leg.key(), measure(queries, q -> main.search(request(q, List.of(LegSpec.of(leg))))));
      }
      latency.put("fused", measure(queries, q -> main.search(request(q, List.of()))));
      latency.put("exact", measure(queries, q -> ExactTop10.ids(vectors, q.embedding().dense())));
      latency.put("hnsw", CommittedIndex.withSearcher(main, s -> measure(queries, q -> knn(s, q))));
      double found = 0;
      for (SyntheticCorpus.Query q : queries) {
        Set<String> truth = ExactTop10.ids(vectors, q.embedding().dense());
        SearchRequest dense =
            SearchRequest.of(QueryInput.text(null, q.embedding()), 10)
                .withLegs(List.of(LegSpec.of(Leg.DENSE)));
        for (Hit h : main.search(dense).hits()) {
          found += truth.contains(h.chunk().chunkId()) ? 1 : 0;
        }
      }
      return new Result(rate, bytesPerChunk, sizes, latency, found / (10.0 * queries.size()));
    }
  }

  static CollectionSettings settings(MultiVectorPrecision precision) {
    return new CollectionSettings(AnalyzerLanguage.STANDARD, 16, 100, Quantization.NONE, precision);
  }

  /** Indexes chunks 0..n-1 in batches of 1,000; returns the time spent in upsert and commit. */
  long index(CollectionIndex c, SyntheticCorpus corpus, int n, float[][] keep) {
    long nanos = 0;
    List<Chunk> batch = new ArrayList<>(1000);
    for (int i = 0; i < n; i++) {
      Chunk chunk = corpus.chunk(i);
      if (keep != null) {
        keep[i] = chunk.embedding().dense();
      }
      batch.add(chunk);
      if (batch.size() == 1000 || i == n - 1) {
        long t0 = System.nanoTime();
        c.upsert(batch);
        nanos += System.nanoTime() - t0;
        batch.clear();
      }
      if (keep != null && (i + 1) % 20_000 == 0) {
        log.printf("  %d/%d chunks%n", i + 1, n);
        log.flush();
      }
    }
    long t0 = System.nanoTime();
    c.commit();
    return nanos + System.nanoTime() - t0;
  }

  /**
   * Latency of {@code action} over every query, after a JIT warm-up of at least 100 queries or 2
   * seconds, whichever is longer.
   */
  private static Latency measure(
      List<SyntheticCorpus.Query> queries, Consumer<SyntheticCorpus.Query> action) {
    long until = System.nanoTime() + 2_000_000_000L;
    for (int w = 0; w < 100 || System.nanoTime() < until; w++) {
      action.accept(queries.get(w % queries.size()));
    }
    double[] ms = new double[queries.size()];
    for (int q = 0; q < queries.size(); q++) {
      long t0 = System.nanoTime();
      action.accept(queries.get(q));
      ms[q] = (System.nanoTime() - t0) / 1e6;
    }
    return percentiles(ms);
  }

  /**
   * The bare Lucene kNN search of the dense leg (k = 100 candidates, top 10), without the pipeline.
   */
  private static void knn(IndexSearcher searcher, SyntheticCorpus.Query q) {
    try {
      searcher.search(
          new KnnFloatVectorQuery(ChunkFields.DENSE, q.embedding().dense(), SEARCH.candidates()),
          10);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static SearchRequest request(SyntheticCorpus.Query q, List<LegSpec> legs) {
    return SearchRequest.of(QueryInput.text(q.text(), q.embedding()), 10).withLegs(legs);
  }

  /**
   * One backend's numbers in a backend comparison.
   *
   * @param chunksPerSecond indexing rate (upserts and the final commit/refresh)
   * @param dense dense leg latency
   * @param fused default fused query latency (every leg, RRF, ColBERT rescoring)
   */
  public record BackendResult(double chunksPerSecond, Latency dense, Latency fused) {}

  /** The configured cluster's health (what the comparison's header reports). */
  public static BackendHealth clusterHealth(OpenSearchConfig os) {
    try (OpenSearchClient client = OpenSearchClient.forConfig(os)) {
      OpenSearchClient.Health h = client.health();
      return new BackendHealth("opensearch", h.status(), h.nodes(), h.unassignedShards(), null);
    }
  }

  /**
   * The same synthetic chunks and queries on the embedded backend and on an OpenSearch index
   * ({@code opensearch.shards} × {@code opensearch.replicas}) of the configured cluster, in one
   * run: indexing rate and dense / fused latency of each (fusion and ColBERT run in this process
   * for both).
   *
   * @return "lucene" and "opensearch" results
   */
  public Map<String, BackendResult> compareBackends(Options o, OpenSearchConfig os) {
    try (OpenSearchClient client = OpenSearchClient.forConfig(os)) {
      return compareBackends(o, client, os.shards(), os.replicas());
    }
  }

  private Map<String, BackendResult> compareBackends(
      Options o, OpenSearchClient client, int shards, int replicas) {
    SyntheticCorpus corpus = new SyntheticCorpus(o.dim(), o.tokens(), 20261127L);
    ModelInfo model =
        new ModelInfo("synthetic-" + o.dim(), EmbeddingPart.all(), o.dim(), o.dim(), 512, "");
    Map<String, BackendResult> out = new LinkedHashMap<>();
    String index = "rag-bench-" + o.dim();
    client.deleteIndex(index);
    try (CollectionRegistry registry = Registries.open(o.dir(), 1000, SEARCH, client)) {
      if (registry.exists("remote")) {
        registry.delete("remote"); // the catalog entry of a run that stopped half-way
      }
      List<SyntheticCorpus.Query> queries = new ArrayList<>();
      for (int q = 0; q < o.queries(); q++) {
        queries.add(corpus.query(q));
      }
      for (String backend : List.of("lucene", "opensearch")) {
        CollectionIndex c =
            backend.equals("lucene")
                ? registry.create("main", settings(MultiVectorPrecision.INT8), model, null)
                : registry.create(
                    "remote",
                    settings(MultiVectorPrecision.INT8),
                    model,
                    null,
                    new CollectionManifest.OpenSearchIndex(index, shards, replicas));
        long nanos = index(c, corpus, o.chunks(), null);
        c.refresh();
        double rate = o.chunks() / (nanos / 1e9);
        log.printf(
            java.util.Locale.ROOT,
            "  %s: indexed %d chunks, %.0f chunks/s%n",
            backend,
            o.chunks(),
            rate);
        log.flush();
        Latency dense = measure(queries, q -> c.search(request(q, List.of(LegSpec.of(Leg.DENSE)))));
        Latency fused = measure(queries, q -> c.search(request(q, List.of())));
        out.put(backend, new BackendResult(rate, dense, fused));
      }
      registry.delete("remote");
    }
    return out;
  }

  private static Latency percentiles(double[] ms) {
    double[] sorted = ms.clone();
    Arrays.sort(sorted);
    return new Latency(
        sorted[(int) Math.floor(0.5 * (sorted.length - 1))],
        sorted[(int) Math.ceil(0.99 * (sorted.length - 1))]);
  }
}
