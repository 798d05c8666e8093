package dev.ragserver.tools.bench.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ragserver.config.MultiVectorPrecision;
import dev.ragserver.config.Quantization;
import dev.ragserver.index.Registries;
import dev.ragserver.index.codec.CollectionCodec;
import dev.ragserver.index.collection.BulkLoad;
import dev.ragserver.index.collection.CollectionIndex;
import dev.ragserver.index.collection.CollectionRegistry;
import dev.ragserver.index.lucene.WriteSettings;
import dev.ragserver.index.schema.ChunkFields;
import dev.ragserver.index.search.Hit;
import dev.ragserver.index.search.Leg;
import dev.ragserver.index.search.LegSpec;
import dev.ragserver.index.search.QueryInput;
import dev.ragserver.index.search.SearchRequest;
import dev.ragserver.model.Embedding;
import dev.ragserver.model.EmbeddingPart;
import dev.ragserver.model.ModelInfo;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * Dense search against peers on the same vectors, in one run: the {@link SyntheticCorpus}'s dense
 * vectors loaded (a) into collections the way a bulk load writes them — through {@code upsert} in
 * batches of 1,000 with every field, under each bulk refresh interval and buffer given — and (b)
 * into a bare Lucene index (the same HNSW codec, vectors only, no refreshes), each merged to one
 * segment as after a bulk load; then, one query at a time on one thread, recall@10 against exact
 * search and queries per second at each candidate count for: our dense leg through the whole search
 * pipeline, the bare Lucene kNN query on our index and on the bare index — with the hits' ids from
 * stored fields, and alone (ids from an array read beforehand: the search without fetching
 * anything) — and hnswlib and FAISS (through {@code scripts/bench-peers.py}, same M and
 * construction beam, same vectors).
 */
public final class PeersBenchmark {
  private final PrintWriter log;

  public PeersBenchmark(PrintWriter log) {
    this.log = log;
  }

  /**
   * What to run.
   *
   * @param chunks vectors
   * @param dim their dimension
   * @param queries queries per point
   * @param candidates candidate counts (Lucene's k, hnswlib's and FAISS's ef)
   * @param bulks the bulk-load settings of our collections, one collection each
   * @param script the peers' script, or null to skip them
   * @param python the Python that runs it (Debian's, where python3-hnswlib and python3-faiss are)
   * @param dir scratch folder
   */
  public record Options(
      int chunks,
      int dim,
      int queries,
      List<Integer> candidates,
      List<Bulk> bulks,
      Path script,
      String python,
      Path dir) {}

  /**
   * How one of our collections is bulk loaded.
   *
   * @param refreshMs refresh interval during the load
   * @param ramBufferMb indexing buffer during the load
   */
  public record Bulk(int refreshMs, int ramBufferMb, int mergeThreads) {
    /**
     * {@code REFRESH_MS/RAM_MB[/MERGE_THREADS]}, e.g. {@code 30000/512} or {@code 30000/512/1}.
     *
     * @param mergeThreads the graph merge threads when the setting names none
     */
    public static Bulk parse(String s, int mergeThreads) {
      String[] parts = s.split("/", -1);
      if (parts.length != 2 && parts.length != 3) {
        throw new IllegalArgumentException(
            "a bulk setting is REFRESH_MS/RAM_MB[/MERGE_THREADS] (e.g. 30000/512), got: " + s);
      }
      return new Bulk(
          Integer.parseInt(parts[0].strip()),
          Integer.parseInt(parts[1].strip()),
          parts.length == 3 ? Integer.parseInt(parts[2].strip()) : mergeThreads);
    }

    String label() {
      return refreshMs + " ms, " + ramBufferMb + " MB, " + mergeThreads + " merge threads";
    }
  }

  /**
   * One system at one candidate count.
   *
   * @param system what ran
   * @param candidates candidates (k / ef)
   * @param recall recall@10 against exact search
   * @param qps queries per second, one thread
   * @param p50Ms median latency
   */
  public record Point(String system, int candidates, double recall, double qps, double p50Ms) {}

  /**
   * How one index was built.
   *
   * @param system the index
   * @param seconds load (and merge, for Lucene) time
   * @param segments segments before the final merge (0 where there are none)
   */
  public record Build(String system, double seconds, int segments) {}

  /** Points in the order run, builds, and messages from the peers' script. */
  public record Result(List<Point> points, List<Build> builds, List<String> notes) {
    /** The first point of a system at or above the recall, in candidate order; null if none is. */
    public Point atRecall(String system, double recall) {
      return points.stream()
          .filter(p -> p.system().equals(system) && p.recall() >= recall)
          .findFirst()
          .orElse(null);
    }

    /** Every system measured, in order. */
    public List<String> systems() {
      return points.stream().map(Point::system).distinct().toList();
    }
  }

  public Result run(Options o) throws IOException, InterruptedException {
    if (o.bulks().isEmpty()) {
      throw new IllegalArgumentException("bulks must name at least one bulk-load setting");
    }
    SyntheticCorpus corpus = new SyntheticCorpus(o.dim(), 16, 20261127L);
    float[][] queries = new float[o.queries()][];
    for (int q = 0; q < o.queries(); q++) {
      queries[q] = corpus.query(q).embedding().dense();
    }
    // the chunks' dense vectors, kept while the first collection loads (each chunk is made once
    // per load), and the exact top 10 of each query over them
    float[][] vectors = new float[o.chunks()][];
    int[][] truth = null;
    List<Point> points = new ArrayList<>();
    List<Build> builds = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    ModelInfo model =
        new ModelInfo("synthetic-" + o.dim(), EmbeddingPart.all(), o.dim(), o.dim(), 512, "");
    IndexBenchmark loader = new IndexBenchmark(log);
    for (Bulk bulkSettings : o.bulks()) {
      Path data =
          o.dir()
              .resolve(
                  "ours-"
                      + bulkSettings.refreshMs()
                      + "-"
                      + bulkSettings.ramBufferMb()
                      + "-"
                      + bulkSettings.mergeThreads());
      String name = "ours, bulk load " + bulkSettings.label();
      try (CollectionRegistry registry =
          Registries.embedded(
              data,
              new WriteSettings(
                  1000,
                  Math.max(1000, bulkSettings.refreshMs()),
                  Math.max(WriteSettings.NORMAL_RAM_BUFFER_MB, bulkSettings.ramBufferMb()),
                  bulkSettings.mergeThreads()),
              IndexBenchmark.SEARCH)) {
        CollectionIndex c =
            registry.create(
                "peers", IndexBenchmark.settings(MultiVectorPrecision.INT8), model, null);
        long t0 = System.nanoTime();
        int segments;
        try (BulkLoad bulk = c.beginBulkLoad()) {
          loader.index(c, corpus, o.chunks(), truth == null ? vectors : null);
          segments = c.stats().segments();
        }
        c.forceMerge(1);
        builds.add(new Build(name, (System.nanoTime() - t0) / 1e9, segments));
        log.printf(Locale.ROOT, "  %s: %d segments before the merge%n", name, segments);
        log.flush();
        if (truth == null) {
          truth = new int[o.queries()][];
          for (int q = 0; q < o.queries(); q++) {
            truth[q] = ExactTop10.of(vectors, queries[q]);
          }
        }
        int[][] exact = truth;
        for (int k : o.candidates()) {
          points.add(
              measure(
                  "our dense leg (" + bulkSettings.label() + ")",
                  k,
                  queries,
                  exact,
                  q -> pipeline(c, queries[q], k)));
        }
        CommittedIndex.withSearcher(
            c,
            s -> {
              for (int k : o.candidates()) {
                points.add(
                    measure(
                        "bare kNN on ours (" + bulkSettings.label() + ")",
                        k,
                        queries,
                        exact,
                        q -> bareKnn(s, queries[q], k, ChunkFields.CHUNK_ID)));
              }
              String[] ids = idsByDoc(s, ChunkFields.CHUNK_ID);
              for (int k : o.candidates()) {
                points.add(
                    measure(
                        "kNN alone on ours (" + bulkSettings.label() + ")",
                        k,
                        queries,
                        exact,
                        q -> knnAlone(s, queries[q], k, ids)));
              }
              return null;
            });
      }
    }
    Path bare = o.dir().resolve("bare-lucene");
    long t0 = System.nanoTime();
    int bareSegments = buildBare(bare, vectors);
    builds.add(new Build("bare Lucene", (System.nanoTime() - t0) / 1e9, bareSegments));
    try (Directory d = FSDirectory.open(bare);
        DirectoryReader reader = DirectoryReader.open(d)) {
      IndexSearcher s = new IndexSearcher(reader);
      for (int k : o.candidates()) {
        int[][] exact = truth;
        points.add(measure("bare Lucene", k, queries, exact, q -> bareKnn(s, queries[q], k, "id")));
      }
      String[] ids = idsByDoc(s, "id");
      for (int k : o.candidates()) {
        int[][] exact = truth;
        points.add(
            measure(
                "kNN alone on bare Lucene",
                k,
                queries,
                exact,
                q -> knnAlone(s, queries[q], k, ids)));
      }
    }
    if (o.script() != null) {
      peers(o, vectors, queries, truth, points, builds, notes);
    }
    return new Result(points, builds, notes);
  }

  /**
   * Vectors only, one writer with the collection's HNSW format and Lucene's own (single-threaded)
   * graph merge, the normal buffer, merged to one segment.
   */
  private static int buildBare(Path dir, float[][] vectors) throws IOException {
    IndexWriterConfig config =
        new IndexWriterConfig()
            .setCodec(
                new CollectionCodec(
                    16, 100, Quantization.NONE, WriteSettings.SINGLE_THREADED_MERGE))
            .setRAMBufferSizeMB(128);
    try (Directory d = FSDirectory.open(dir);
        IndexWriter w = new IndexWriter(d, config)) {
      for (int i = 0; i < vectors.length; i++) {
        Document doc = new Document();
        doc.add(new StoredField("id", SyntheticCorpus.id(i)));
        doc.add(
            new KnnFloatVectorField(
                ChunkFields.DENSE, vectors[i], VectorSimilarityFunction.DOT_PRODUCT));
        w.addDocument(doc);
      }
      w.commit();
      int segments;
      try (DirectoryReader r = DirectoryReader.open(d)) {
        segments = r.leaves().size();
      }
      w.forceMerge(1);
      w.commit();
      return segments;
    }
  }

  private static Set<String> pipeline(CollectionIndex c, float[] query, int k) {
    SearchRequest dense =
        SearchRequest.of(QueryInput.text(null, new Embedding(query, null, null, 8, false)), 10)
            .withLegs(List.of(new LegSpec(Leg.DENSE, k, Float.NaN)));
    Set<String> ids = new HashSet<>();
    for (Hit h : c.search(dense).hits()) {
      ids.add(h.chunk().chunkId());
    }
    return ids;
  }

  /** The bare kNN query, top 10 of k candidates, and the hits' ids from stored fields. */
  private static Set<String> bareKnn(IndexSearcher s, float[] query, int k, String idField) {
    try {
      TopDocs top = s.search(new KnnFloatVectorQuery(ChunkFields.DENSE, query, k), 10);
      StoredFields stored = s.storedFields();
      Set<String> ids = new HashSet<>();
      for (ScoreDoc sd : top.scoreDocs) {
        ids.add(stored.document(sd.doc, Set.of(idField)).get(idField));
      }
      return ids;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The kNN query alone, top 10 of k candidates, ids from an array read beforehand: what the search
   * costs without fetching anything of the hits (the stored fields' share, by difference).
   */
  private static Set<String> knnAlone(IndexSearcher s, float[] query, int k, String[] idsByDoc) {
    try {
      TopDocs top = s.search(new KnnFloatVectorQuery(ChunkFields.DENSE, query, k), 10);
      Set<String> ids = new HashSet<>();
      for (ScoreDoc sd : top.scoreDocs) {
        ids.add(idsByDoc[sd.doc]);
      }
      return ids;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every document's id from its stored field, by doc id (read once, before timing). */
  private static String[] idsByDoc(IndexSearcher s, String idField) {
    try {
      String[] ids = new String[s.getIndexReader().maxDoc()];
      StoredFields stored = s.storedFields();
      for (int doc = 0; doc < ids.length; doc++) {
        ids[doc] = stored.document(doc, Set.of(idField)).get(idField);
      }
      return ids;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Recall and speed of one system at one candidate count, after a warm-up of at least 200 queries
   * or one second.
   */
  private Point measure(
      String system, int k, float[][] queries, int[][] truth, IntFunction<Set<String>> search) {
    long until = System.nanoTime() + 1_000_000_000L;
    for (int w = 0; w < 200 || System.nanoTime() < until; w++) {
      var unused = search.apply(w % queries.length);
    }
    long[] nanos = new long[queries.length];
    double found = 0;
    long total = 0;
    for (int q = 0; q < queries.length; q++) {
      long t0 = System.nanoTime();
      Set<String> ids = search.apply(q);
      nanos[q] = System.nanoTime() - t0;
      total += nanos[q];
      for (int t : truth[q]) {
        found += ids.contains(SyntheticCorpus.id(t)) ? 1 : 0;
      }
    }
    Arrays.sort(nanos);
    Point p =
        new Point(
            system,
            k,
            found / (10.0 * queries.length),
            queries.length / (total / 1e9),
            nanos[nanos.length / 2] / 1e6);
    logPoint(p);
    return p;
  }

  private void logPoint(Point p) {
    log.printf(
        Locale.ROOT,
        "  %-32s k=%-4d recall@10 %.3f  %8.0f q/s  p50 %.3f ms%n",
        p.system(),
        p.candidates(),
        p.recall(),
        p.qps(),
        p.p50Ms());
    log.flush();
  }

  /** Writes the vectors for the script, runs it, and reads its points and build times. */
  private void peers(
      Options o,
      float[][] vectors,
      float[][] queries,
      int[][] truth,
      List<Point> points,
      List<Build> builds,
      List<String> notes)
      throws IOException, InterruptedException {
    Path dir = o.dir().resolve("peers");
    Files.createDirectories(dir);
    writeFloats(dir.resolve("vectors.f32"), vectors);
    writeFloats(dir.resolve("queries.f32"), queries);
    ByteBuffer ids = ByteBuffer.allocate(truth.length * 40).order(ByteOrder.LITTLE_ENDIAN);
    for (int[] t : truth) {
      for (int id : t) {
        ids.putInt(id);
      }
    }
    Files.write(dir.resolve("truth.i32"), ids.array());
    ObjectMapper json = new ObjectMapper();
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("vectors", vectors.length);
    meta.put("queries", queries.length);
    meta.put("dim", o.dim());
    meta.put("m", 16);
    meta.put("ef_construction", 100);
    json.writeValue(dir.resolve("meta.json").toFile(), meta);
    String ks = String.join(",", o.candidates().stream().map(String::valueOf).toList());
    Process p =
        new ProcessBuilder(
                o.python(), o.script().toString(), "--dir", dir.toString(), "--candidates", ks)
            .redirectErrorStream(true)
            .start();
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (!line.startsWith("{")) {
          notes.add(line);
          continue;
        }
        JsonNode row = json.readTree(line);
        if (row.has("error")) {
          notes.add(row.get("error").asText());
          log.println("  " + row.get("error").asText());
        } else if (row.has("build_seconds")) {
          builds.add(new Build(row.get("system").asText(), row.get("build_seconds").asDouble(), 0));
        } else {
          Point point =
              new Point(
                  row.get("system").asText(),
                  row.get("candidates").asInt(),
                  row.get("recall").asDouble(),
                  row.get("qps").asDouble(),
                  row.get("p50_ms").asDouble());
          points.add(point);
          logPoint(point);
        }
      }
    }
    int rc = p.waitFor();
    if (rc != 0) {
      notes.add("scripts/bench-peers.py exited with " + rc);
    }
  }

  private static void writeFloats(Path file, float[][] rows) throws IOException {
    ByteBuffer b =
        ByteBuffer.allocate(rows.length * rows[0].length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float[] r : rows) {
      for (float x : r) {
        b.putFloat(x);
      }
    }
    Files.write(file, b.array());
  }
}
