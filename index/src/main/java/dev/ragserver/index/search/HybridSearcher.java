package dev.ragserver.index.search;

import dev.ragserver.config.SearchConfig;
import dev.ragserver.index.collection.CollectionManifest;
import dev.ragserver.index.filter.Filters;
import dev.ragserver.index.multivector.MaxSim;
import dev.ragserver.index.schema.ChunkFields;
import dev.ragserver.index.schema.StoredChunk;
import dev.ragserver.model.Embedding;
import dev.ragserver.model.EmbeddingPart;
import dev.ragserver.model.SparseVector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.FeatureField;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;

/** Runs a {@link SearchRequest} against one searcher (one consistent view of the index). */
public final class HybridSearcher {
  /** FeatureField query weights must lie in (0, 64]. */
  private static final float MAX_FEATURE_QUERY_WEIGHT = 64f;

  private final CollectionManifest manifest;
  private final Analyzer analyzer;
  private final SearchConfig defaults;
  private final Executor legExecutor;

  /**
   * @param legExecutor runs first-stage legs concurrently (a direct executor runs them in turn)
   */
  public HybridSearcher(CollectionManifest manifest, Analyzer analyzer, SearchConfig defaults, Executor legExecutor) {
    this.manifest = manifest;
    this.analyzer = analyzer;
    this.defaults = defaults;
    this.legExecutor = legExecutor;
  }

  /** Runs the legs, fuses, thresholds, groups, pages and adds neighbours. */
  public SearchResult search(IndexSearcher searcher, SearchRequest request) {
    try {
      return run(searcher, request);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private SearchResult run(IndexSearcher searcher, SearchRequest request) throws IOException {
    if (request.offset() + request.topK() > defaults.maxTopK()) {
      throw new IllegalArgumentException("offset + top_k must be at most " + defaults.maxTopK() + " (search.max_top_k), got: "
          + (request.offset() + request.topK()));
    }
    List<LegSpec> legs = resolveLegs(request);
    Query filter = request.filter() == null ? null : Filters.toQuery(request.filter());
    int fallbackDepth = Math.max(defaults.candidates(), request.offset() + request.topK());
    Map<Leg, Long> nanos = new ConcurrentHashMap<>();
    Fusion fusion = request.fusion() == null ? new Fusion.Rrf(defaults.rrfK()) : request.fusion();
    Map<Leg, Float> weights = new EnumMap<>(Leg.class);
    legs.forEach(spec -> weights.put(spec.leg(), !Float.isNaN(spec.weight()) || fusion instanceof Fusion.M3
        ? Fuser.weight(fusion, spec) : (float) defaults.weightOf(spec.leg().key())));
    List<LegRanking> rankings = runLegs(searcher, request, legs, filter, fallbackDepth, fusion, weights, nanos);
    List<Fuser.Fused> fused = Fuser.fuse(fusion, rankings, weights);
    int candidates = fused.size();
    if (!Float.isNaN(request.scoreThreshold())) {
      fused = fused.stream().filter(f -> f.normalized() >= request.scoreThreshold()).toList();
    }
    if (request.groupBy() != null) {
      fused = group(searcher, fused, request.groupBy().perDocument());
    }
    List<Fuser.Fused> page = fused.subList(Math.min(request.offset(), fused.size()),
        Math.min(request.offset() + request.topK(), fused.size()));
    List<Hit> hits = new ArrayList<>(page.size());
    for (Fuser.Fused f : page) {
      StoredChunk chunk = ChunkFields.fromDocument(searcher.storedFields().document(f.doc()));
      List<StoredChunk> neighbours = request.neighboursBefore() + request.neighboursAfter() == 0
          ? List.of() : neighbours(searcher, chunk, request.neighboursBefore(), request.neighboursAfter());
      hits.add(new Hit(chunk, f.score(), f.normalized(), f.legs(), neighbours));
    }
    return new SearchResult(hits, legs.stream().map(LegSpec::leg).toList(), candidates, nanos);
  }

  /**
   * Runs the first-stage legs concurrently, then, when asked, ColBERT rescoring of the best
   * candidates of their fusion (as Vespa's second phase re-ranks the first phase's best hits),
   * split over the leg threads; returns one ranking per leg, in leg order.
   */
  private List<LegRanking> runLegs(IndexSearcher searcher, SearchRequest request, List<LegSpec> legs, Query filter,
      int fallbackDepth, Fusion fusion, Map<Leg, Float> weights, Map<Leg, Long> nanos) throws IOException {
    LegSpec colbert = legs.stream().filter(l -> l.leg() == Leg.COLBERT).findFirst().orElse(null);
    List<CompletableFuture<LegRanking>> running = new ArrayList<>();
    for (LegSpec spec : legs) {
      if (spec.leg() == Leg.COLBERT) {
        continue;
      }
      int depth = spec.candidates() == 0 ? fallbackDepth : spec.candidates();
      running.add(CompletableFuture.supplyAsync(() -> {
        long t0 = System.nanoTime();
        try {
          return firstStage(searcher, spec.leg(), request.input(), filter, depth);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        } finally {
          nanos.put(spec.leg(), System.nanoTime() - t0);
        }
      }, legExecutor));
    }
    List<LegRanking> rankings = new ArrayList<>();
    for (CompletableFuture<LegRanking> f : running) {
      rankings.add(join(f));
    }
    if (colbert != null) {
      int colbertDepth = colbert.candidates() == 0 ? defaults.colbertCandidates() : colbert.candidates();
      long t0 = System.nanoTime();
      int[] candidates;
      if (rankings.isEmpty()) {
        // ColBERT only rescores: alone, it ranks all the dense leg's candidates (not reported as a leg).
        candidates = firstStage(searcher, Leg.DENSE, request.input(), filter, Math.max(colbertDepth, fallbackDepth))
            .docs();
      } else if (rankings.size() == 1) {
        candidates = rankings.get(0).top(colbertDepth).docs();
      } else {
        candidates = Fuser.fuse(fusion, rankings, weights).stream().limit(colbertDepth).mapToInt(Fuser.Fused::doc)
            .toArray();
      }
      Map<Integer, Float> scores = rescore(searcher, request.input().embedding(), candidates);
      rankings.add(colbertRanking(searcher, scores));
      nanos.put(Leg.COLBERT, System.nanoTime() - t0);
    }
    return rankings;
  }

  private static <T> T join(CompletableFuture<T> f) throws IOException {
    try {
      return f.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof UncheckedIOException u) {
        throw u.getCause();
      }
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  /** The requested legs after checking each can run; with none requested, every leg that can. */
  List<LegSpec> resolveLegs(SearchRequest request) {
    QueryInput in = request.input();
    if (!request.legs().isEmpty()) {
      for (LegSpec spec : request.legs()) {
        String missing = whyNot(spec.leg(), in);
        if (missing != null) {
          throw new IllegalArgumentException("leg " + spec.leg().key() + " cannot run: " + missing);
        }
      }
      return request.legs();
    }
    List<LegSpec> legs = new ArrayList<>();
    for (Leg leg : Leg.values()) {
      if (whyNot(leg, in) == null) {
        legs.add(LegSpec.of(leg));
      }
    }
    if (legs.isEmpty()) {
      throw new IllegalArgumentException("no leg can run for this query on collection " + manifest.name());
    }
    return legs;
  }

  private String whyNot(Leg leg, QueryInput in) {
    Embedding e = in.embedding();
    return switch (leg) {
      case DENSE -> !manifest.model().has(EmbeddingPart.DENSE) ? "the collection's model has no dense vectors"
          : e == null || e.denseDimension() == 0 ? "the query has no dense vector" : null;
      case SPARSE -> !manifest.model().has(EmbeddingPart.SPARSE)
          ? "the collection's model (" + manifest.model().id() + ") has no sparse weights"
          : e == null || e.sparse() == null ? "the query has no sparse weights" : null;
      case COLBERT -> !manifest.model().has(EmbeddingPart.MULTI_VECTOR) ? "the collection's model has no token vectors"
          : e == null || e.multiVector() == null ? "the query has no token vectors" : null;
      case BM25 -> in.text() == null || in.text().isBlank() ? "the query has no text" : null;
      case IMAGE -> manifest.imageModel() == null ? "the collection has no image model"
          : in.imageVector() == null ? "the query has no image" : null;
    };
  }

  private LegRanking firstStage(IndexSearcher searcher, Leg leg, QueryInput in, Query filter, int depth)
      throws IOException {
    return switch (leg) {
      case DENSE -> knn(searcher, leg, ChunkFields.DENSE, in.embedding().dense(), filter, depth);
      case IMAGE -> knn(searcher, leg, ChunkFields.IMAGE, in.imageVector(), filter, depth);
      case SPARSE -> sparse(searcher, in.embedding().sparse(), filter, depth);
      case BM25 -> bm25(searcher, in.text(), filter, depth);
      case COLBERT -> throw new IllegalStateException("colbert is not a first-stage leg");
    };
  }

  private LegRanking knn(IndexSearcher searcher, Leg leg, String field, float[] vector, Query filter, int depth)
      throws IOException {
    TopDocs top = searcher.search(new KnnFloatVectorQuery(field, vector, depth, filter), depth);
    float[] scores = new float[top.scoreDocs.length];
    for (int i = 0; i < scores.length; i++) {
      // Lucene scores unit-vector dot products as (1 + dot) / 2; report the cosine.
      scores[i] = 2 * top.scoreDocs[i].score - 1;
    }
    return ranking(searcher, leg, top.scoreDocs, scores);
  }

  private LegRanking sparse(IndexSearcher searcher, SparseVector query, Query filter, int depth) throws IOException {
    float max = 0;
    for (int i = 0; i < query.size(); i++) {
      max = Math.max(max, query.weight(i));
    }
    float scale = max > MAX_FEATURE_QUERY_WEIGHT ? MAX_FEATURE_QUERY_WEIGHT / max : 1f;
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    for (int i = 0; i < query.size(); i++) {
      b.add(FeatureField.newLinearQuery(ChunkFields.SPARSE, Integer.toString(query.tokenId(i)),
          Math.max(query.weight(i) * scale, Float.MIN_NORMAL)), Occur.SHOULD);
    }
    if (query.size() == 0) {
      return LegRanking.sorted(Leg.SPARSE, new int[0], new float[0], new String[0]);
    }
    TopDocs top = searcher.search(withFilter(b, filter), depth);
    float[] scores = new float[top.scoreDocs.length];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = top.scoreDocs[i].score / scale;
    }
    return ranking(searcher, Leg.SPARSE, top.scoreDocs, scores);
  }

  private LegRanking bm25(IndexSearcher searcher, String text, Query filter, int depth) throws IOException {
    Map<String, Integer> counts = new LinkedHashMap<>();
    try (TokenStream ts = analyzer.tokenStream(ChunkFields.TEXT, text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        counts.merge(term.toString(), 1, Integer::sum);
      }
      ts.end();
    }
    if (counts.isEmpty()) {
      return LegRanking.sorted(Leg.BM25, new int[0], new float[0], new String[0]);
    }
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    counts.forEach((t, n) -> {
      Query q = new TermQuery(new Term(ChunkFields.TEXT, t));
      b.add(n == 1 ? q : new BoostQuery(q, n), Occur.SHOULD);
    });
    TopDocs top = searcher.search(withFilter(b, filter), depth);
    float[] scores = new float[top.scoreDocs.length];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = top.scoreDocs[i].score;
    }
    return ranking(searcher, Leg.BM25, top.scoreDocs, scores);
  }

  private static Query withFilter(BooleanQuery.Builder b, Query filter) {
    if (filter != null) {
      b.add(filter, Occur.FILTER);
      b.setMinimumNumberShouldMatch(1);
    }
    return b.build();
  }

  /** Candidates per rescoring task: below this, splitting costs more than it saves. */
  private static final int RESCORE_SLICE = 16;

  /**
   * MaxSim scores of the candidates, in doc-id order with one forward doc-values iterator per
   * segment and slice; slices of at least {@value #RESCORE_SLICE} candidates run in parallel on the
   * leg threads (idle by now), one per core at most.
   */
  private Map<Integer, Float> rescore(IndexSearcher searcher, Embedding query, int[] candidates) throws IOException {
    int[] docs = Arrays.stream(candidates).distinct().sorted().toArray();
    int slices = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), docs.length / RESCORE_SLICE));
    Map<Integer, Float> scores = new ConcurrentHashMap<>();
    List<CompletableFuture<Void>> parts = new ArrayList<>();
    for (int i = 1; i < slices; i++) {
      int[] slice = Arrays.copyOfRange(docs, docs.length * i / slices, docs.length * (i + 1) / slices);
      parts.add(CompletableFuture.runAsync(() -> {
        try {
          rescoreSlice(searcher, query, slice, scores);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }, legExecutor));
    }
    rescoreSlice(searcher, query, Arrays.copyOfRange(docs, 0, docs.length / slices), scores);
    for (CompletableFuture<Void> p : parts) {
      join(p);
    }
    return scores;
  }

  private static void rescoreSlice(IndexSearcher searcher, Embedding query, int[] docs, Map<Integer, Float> scores)
      throws IOException {
    MaxSim maxSim = new MaxSim(query.multiVector());
    List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
    BinaryDocValues values = null;
    int leafIndex = -1;
    for (int doc : docs) {
      int leaf = ReaderUtil.subIndex(doc, leaves);
      if (leaf != leafIndex) {
        leafIndex = leaf;
        values = leaves.get(leaf).reader().getBinaryDocValues(ChunkFields.MULTI);
      }
      int local = doc - leaves.get(leaf).docBase;
      scores.put(doc, values != null && values.advanceExact(local) ? maxSim.score(values.binaryValue()) : 0f);
    }
  }

  private static LegRanking colbertRanking(IndexSearcher searcher, Map<Integer, Float> scores) throws IOException {
    int[] docs = scores.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
    float[] s = new float[docs.length];
    for (int i = 0; i < docs.length; i++) {
      s[i] = scores.get(docs[i]);
    }
    return LegRanking.sorted(Leg.COLBERT, docs, s, chunkIds(searcher, docs));
  }

  private static LegRanking ranking(IndexSearcher searcher, Leg leg, ScoreDoc[] hits, float[] scores)
      throws IOException {
    int[] docs = new int[hits.length];
    for (int i = 0; i < hits.length; i++) {
      docs[i] = hits[i].doc;
    }
    return LegRanking.sorted(leg, docs, scores, chunkIds(searcher, docs));
  }

  /** Chunk ids of doc ids, read from sorted doc values leaf by leaf. */
  static String[] chunkIds(IndexSearcher searcher, int[] docs) throws IOException {
    return keywords(searcher, docs, ChunkFields.CHUNK_ID);
  }

  /** Values of a keyword field with binary doc values, for doc ids in any order. */
  private static String[] keywords(IndexSearcher searcher, int[] docs, String field) throws IOException {
    String[] ids = new String[docs.length];
    Integer[] order = new Integer[docs.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Integer.compare(docs[a], docs[b]));
    List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
    BinaryDocValues values = null;
    int leafIndex = -1;
    for (int i : order) {
      int leaf = ReaderUtil.subIndex(docs[i], leaves);
      if (leaf != leafIndex) {
        leafIndex = leaf;
        values = leaves.get(leaf).reader().getBinaryDocValues(field);
      }
      int local = docs[i] - leaves.get(leaf).docBase;
      ids[i] = values != null && values.advanceExact(local) ? values.binaryValue().utf8ToString() : "";
    }
    return ids;
  }

  private static List<Fuser.Fused> group(IndexSearcher searcher, List<Fuser.Fused> fused, int perDocument)
      throws IOException {
    int[] docs = fused.stream().mapToInt(Fuser.Fused::doc).toArray();
    String[] documentIds = keywords(searcher, docs, ChunkFields.DOC_ID);
    Map<String, Integer> seen = new HashMap<>();
    List<Fuser.Fused> kept = new ArrayList<>();
    for (int i = 0; i < docs.length; i++) {
      if (seen.merge(documentIds[i], 1, Integer::sum) <= perDocument) {
        kept.add(fused.get(i));
      }
    }
    return kept;
  }

  private static List<StoredChunk> neighbours(IndexSearcher searcher, StoredChunk hit, int before, int after)
      throws IOException {
    int n = hit.chunkNumber();
    Query q = new BooleanQuery.Builder()
        .add(new TermQuery(new Term(ChunkFields.DOC_ID, hit.documentId())), Occur.FILTER)
        .add(IntPoint.newRangeQuery(ChunkFields.CHUNK_NO, Math.max(0, n - before), n + after), Occur.FILTER)
        .build();
    TopDocs top = searcher.search(q, before + after + 1, new Sort(new SortField(ChunkFields.CHUNK_NO, SortField.Type.INT)));
    List<StoredChunk> out = new ArrayList<>();
    for (ScoreDoc sd : top.scoreDocs) {
      StoredChunk c = ChunkFields.fromDocument(searcher.storedFields().document(sd.doc));
      if (c.chunkNumber() != n) {
        out.add(c);
      }
    }
    return out;
  }
}
