package dev.ragserver.index.lucene;

import dev.ragserver.index.filter.Filter;
import dev.ragserver.index.filter.Filters;
import dev.ragserver.index.schema.ChunkFields;
import dev.ragserver.index.schema.StoredChunk;
import dev.ragserver.index.search.Leg;
import dev.ragserver.index.search.LegRanking;
import dev.ragserver.index.search.QueryInput;
import dev.ragserver.index.search.SearchView;
import dev.ragserver.model.SparseVector;
import dev.ragserver.model.concurrent.DeadlineExceededException;
import dev.ragserver.model.concurrent.Futures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.ToDoubleFunction;
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
import org.apache.lucene.util.BytesRef;

/**
 * The embedded backend's {@link SearchView}: one Lucene {@link IndexSearcher}, for one request (its
 * hits are read by one {@link ChunkReader}, on the request's thread). First-stage legs run
 * concurrently, all but the last on the leg threads and the last on the caller's: dense and image
 * as {@link KnnFloatVectorQuery} with the filter inside the graph search, sparse as {@link
 * FeatureField} linear queries, BM25 as analysed terms (a repeated term weighs more); handles are
 * doc ids; chunk and document ids come from binary doc values, token vectors from the {@code multi}
 * binary doc values.
 */
public final class LuceneSearchView implements SearchView {
  /** FeatureField query weights must lie in (0, 64]. */
  private static final float MAX_FEATURE_QUERY_WEIGHT = 64f;

  private final IndexSearcher searcher;
  private final Analyzer analyzer;
  private final Executor legExecutor;
  private ChunkReader chunks;

  /**
   * @param legExecutor runs first-stage legs concurrently (a direct executor runs them in turn)
   */
  public LuceneSearchView(IndexSearcher searcher, Analyzer analyzer, Executor legExecutor) {
    this.searcher = searcher;
    this.analyzer = analyzer;
    this.legExecutor = legExecutor;
  }

  @Override
  public List<LegRanking> firstStage(
      List<Leg> legs, int[] depths, QueryInput input, Filter filter, Map<Leg, Long> timings)
      throws IOException {
    if (legs.isEmpty()) {
      return new ArrayList<>();
    }
    Query compiled = filter == null ? null : Filters.toQuery(filter);
    // every leg but the last on the leg threads, the last on this thread: a single-leg query runs
    // inline, without a hand-off to another thread and back (docs/benchmarks.md)
    int last = legs.size() - 1;
    List<CompletableFuture<LegRanking>> running = new ArrayList<>();
    for (int i = 0; i < last; i++) {
      Leg leg = legs.get(i);
      int depth = depths[i];
      running.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return timedLeg(leg, input, compiled, depth, timings);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              },
              legExecutor));
    }
    LegRanking inline = timedLeg(legs.get(last), input, compiled, depths[last], timings);
    List<LegRanking> rankings = new ArrayList<>();
    for (CompletableFuture<LegRanking> f : running) {
      rankings.add(Futures.join(f));
    }
    rankings.add(inline);
    return rankings;
  }

  private LegRanking timedLeg(
      Leg leg, QueryInput in, Query filter, int depth, Map<Leg, Long> timings) throws IOException {
    long t0 = System.nanoTime();
    try {
      return leg(leg, in, filter, depth);
    } finally {
      timings.put(leg, System.nanoTime() - t0);
    }
  }

  private LegRanking leg(Leg leg, QueryInput in, Query filter, int depth) throws IOException {
    return switch (leg) {
      case DENSE -> knn(leg, ChunkFields.DENSE, in.embedding().dense(), filter, depth);
      case IMAGE -> knn(leg, ChunkFields.IMAGE, in.imageVector(), filter, depth);
      case SPARSE -> sparse(in.embedding().sparse(), filter, depth);
      case BM25 -> bm25(in.text(), filter, depth);
      case COLBERT -> throw new IllegalArgumentException("colbert is not a first-stage leg");
    };
  }

  private LegRanking knn(Leg leg, String field, float[] vector, Query filter, int depth)
      throws IOException {
    TopDocs top =
        stopIfTimedOut(
            searcher.search(new KnnFloatVectorQuery(field, vector, depth, filter), depth));
    float[] scores = new float[top.scoreDocs.length];
    for (int i = 0; i < scores.length; i++) {
      // Lucene scores unit-vector dot products as (1 + dot) / 2; report the cosine.
      scores[i] = 2 * top.scoreDocs[i].score - 1;
    }
    return ranking(leg, top.scoreDocs, scores);
  }

  private LegRanking sparse(SparseVector query, Query filter, int depth) throws IOException {
    float max = 0;
    for (int i = 0; i < query.size(); i++) {
      max = Math.max(max, query.weight(i));
    }
    float scale = max > MAX_FEATURE_QUERY_WEIGHT ? MAX_FEATURE_QUERY_WEIGHT / max : 1f;
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    for (int i = 0; i < query.size(); i++) {
      b.add(
          FeatureField.newLinearQuery(
              ChunkFields.SPARSE,
              Integer.toString(query.tokenId(i)),
              Math.max(query.weight(i) * scale, Float.MIN_NORMAL)),
          Occur.SHOULD);
    }
    if (query.size() == 0) {
      return LegRanking.sorted(Leg.SPARSE, new int[0], new float[0], new String[0]);
    }
    TopDocs top = stopIfTimedOut(searcher.search(withFilter(b, filter), depth));
    float[] scores = new float[top.scoreDocs.length];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = top.scoreDocs[i].score / scale;
    }
    return ranking(Leg.SPARSE, top.scoreDocs, scores);
  }

  private Map<String, Integer> terms(String text) throws IOException {
    Map<String, Integer> counts = new LinkedHashMap<>();
    try (TokenStream ts = analyzer.tokenStream(ChunkFields.TEXT, text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        counts.merge(term.toString(), 1, Integer::sum);
      }
      ts.end();
    }
    return counts;
  }

  @Override
  public float bm25Ceiling(String text) throws IOException {
    if (text == null || text.isBlank()) {
      return 0;
    }
    org.apache.lucene.search.CollectionStatistics field =
        searcher.collectionStatistics(ChunkFields.TEXT);
    long docCount = field == null ? 0 : field.docCount();
    double ceiling = 0;
    for (Map.Entry<String, Integer> t : terms(text).entrySet()) {
      int df = searcher.getIndexReader().docFreq(new Term(ChunkFields.TEXT, t.getKey()));
      ceiling += t.getValue() * Math.log(1 + (docCount - df + 0.5) / (df + 0.5));
    }
    return (float) ceiling;
  }

  private LegRanking bm25(String text, Query filter, int depth) throws IOException {
    Map<String, Integer> counts = terms(text);
    if (counts.isEmpty()) {
      return LegRanking.sorted(Leg.BM25, new int[0], new float[0], new String[0]);
    }
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    counts.forEach(
        (t, n) -> {
          Query q = new TermQuery(new Term(ChunkFields.TEXT, t));
          b.add(n == 1 ? q : new BoostQuery(q, n), Occur.SHOULD);
        });
    TopDocs top = stopIfTimedOut(searcher.search(withFilter(b, filter), depth));
    float[] scores = new float[top.scoreDocs.length];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = top.scoreDocs[i].score;
    }
    return ranking(Leg.BM25, top.scoreDocs, scores);
  }

  private static Query withFilter(BooleanQuery.Builder b, Query filter) {
    if (filter != null) {
      b.add(filter, Occur.FILTER);
      b.setMinimumNumberShouldMatch(1);
    }
    return b.build();
  }

  private LegRanking ranking(Leg leg, ScoreDoc[] hits, float[] scores) throws IOException {
    int[] docs = new int[hits.length];
    for (int i = 0; i < hits.length; i++) {
      docs[i] = hits[i].doc;
    }
    return LegRanking.sorted(leg, docs, scores, chunkIds(docs));
  }

  /** Token vectors in doc-id order with one forward doc-values iterator per segment. */
  @Override
  public void scoreTokenVectors(int[] handles, ToDoubleFunction<BytesRef> scorer, float[] out)
      throws IOException {
    Integer[] order = byDocId(handles);
    List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
    BinaryDocValues values = null;
    int leafIndex = -1;
    for (int i : order) {
      int leaf = ReaderUtil.subIndex(handles[i], leaves);
      if (leaf != leafIndex) {
        leafIndex = leaf;
        values = leaves.get(leaf).reader().getBinaryDocValues(ChunkFields.MULTI);
      }
      int local = handles[i] - leaves.get(leaf).docBase;
      out[i] =
          values != null && values.advanceExact(local)
              ? (float) scorer.applyAsDouble(values.binaryValue())
              : 0f;
    }
  }

  private static Integer[] byDocId(int[] docs) {
    Integer[] order = new Integer[docs.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Integer.compare(docs[a], docs[b]));
    return order;
  }

  @Override
  public String[] chunkIds(int[] handles) throws IOException {
    return keywords(handles, ChunkFields.CHUNK_ID);
  }

  @Override
  public String[] documentIds(int[] handles) throws IOException {
    return keywords(handles, ChunkFields.DOC_ID);
  }

  /** Values of a keyword field with binary doc values, for doc ids in any order. */
  private String[] keywords(int[] docs, String field) throws IOException {
    String[] ids = new String[docs.length];
    List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
    BinaryDocValues values = null;
    int leafIndex = -1;
    for (int i : byDocId(docs)) {
      int leaf = ReaderUtil.subIndex(docs[i], leaves);
      if (leaf != leafIndex) {
        leafIndex = leaf;
        values = leaves.get(leaf).reader().getBinaryDocValues(field);
      }
      int local = docs[i] - leaves.get(leaf).docBase;
      ids[i] =
          values != null && values.advanceExact(local) ? values.binaryValue().utf8ToString() : "";
    }
    return ids;
  }

  /**
   * The results, unless the searcher's timeout stopped collecting them (Lucene then returns what it
   * had): a partial ranking is not an answer, so the search stops.
   */
  private TopDocs stopIfTimedOut(TopDocs top) {
    if (searcher.timedOut()) {
      throw new DeadlineExceededException("the search ran past its deadline and was stopped");
    }
    return top;
  }

  @Override
  public StoredChunk chunk(int handle) throws IOException {
    return chunks().read(handle);
  }

  /** One chunk reader for the view's request (its hits and neighbours), made on first use. */
  private ChunkReader chunks() {
    if (chunks == null) {
      chunks = new ChunkReader(searcher.getIndexReader());
    }
    return chunks;
  }

  @Override
  public List<StoredChunk> neighbours(StoredChunk hit, int before, int after) throws IOException {
    int n = hit.chunkNumber();
    Query q =
        new BooleanQuery.Builder()
            .add(new TermQuery(new Term(ChunkFields.DOC_ID, hit.documentId())), Occur.FILTER)
            .add(
                IntPoint.newRangeQuery(ChunkFields.CHUNK_NO, Math.max(0, n - before), n + after),
                Occur.FILTER)
            .build();
    TopDocs top =
        searcher.search(
            q,
            before + after + 1,
            new Sort(new SortField(ChunkFields.CHUNK_NO, SortField.Type.INT)));
    List<StoredChunk> out = new ArrayList<>();
    for (ScoreDoc sd : top.scoreDocs) {
      StoredChunk c = chunks().read(sd.doc);
      if (c.chunkNumber() != n) {
        out.add(c);
      }
    }
    return out;
  }
}
