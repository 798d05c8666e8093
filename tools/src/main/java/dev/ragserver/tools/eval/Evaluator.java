package dev.ragserver.tools.eval;

import dev.ragserver.index.collection.CollectionIndex;
import dev.ragserver.index.filter.Filter;
import dev.ragserver.index.schema.ChunkFields;
import dev.ragserver.index.search.GroupBy;
import dev.ragserver.index.search.Hit;
import dev.ragserver.index.search.QueryInput;
import dev.ragserver.index.search.QueryLimits;
import dev.ragserver.index.search.SearchOptions;
import dev.ragserver.index.search.SearchRequest;
import dev.ragserver.index.search.SearchResult;
import dev.ragserver.model.Embedding;
import dev.ragserver.model.EmbeddingBatch;
import dev.ragserver.model.TextEmbedder;
import dev.ragserver.tools.bench.index.CommittedIndex;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.util.VectorUtil;

/**
 * Runs pipelines over a split's queries on an evaluation collection and scores them at document
 * level: hits grouped by document (best chunk), the top 100 documents ranked.
 */
public final class Evaluator {
  static final int DEPTH = 100;
  private final CollectionIndex index;
  private final Map<String, String> queries;
  private final Map<String, Map<String, Integer>> qrels;
  private final Map<String, Embedding> embeddings = new HashMap<>();
  private final double embedMillisPerQuery;
  private ExactDense exact;

  /** Embeds every query once (as queries: with the model's instruction). */
  public Evaluator(
      CollectionIndex index,
      TextEmbedder embedder,
      Map<String, String> queries,
      Map<String, Map<String, Integer>> qrels) {
    this.index = index;
    this.queries = queries;
    this.qrels = qrels;
    List<String> ids = new ArrayList<>(queries.keySet());
    long t0 = System.nanoTime();
    EmbeddingBatch batch = embedder.embedQueries(ids.stream().map(queries::get).toList());
    this.embedMillisPerQuery = (System.nanoTime() - t0) / 1e6 / Math.max(1, ids.size());
    for (int i = 0; i < ids.size(); i++) {
      embeddings.put(ids.get(i), batch.get(i));
    }
  }

  /**
   * A pipeline's scores, averaged over the queries.
   *
   * @param pipeline what ran
   * @param ndcg10 mean nDCG@10
   * @param recall100 mean Recall@100
   * @param mrr10 mean MRR@10
   * @param searchMillis mean search time per query (embedding not included)
   * @param embedMillis mean embedding time per query (batched)
   * @param queries queries evaluated
   */
  public record Result(
      String pipeline,
      double ndcg10,
      double recall100,
      double mrr10,
      double searchMillis,
      double embedMillis,
      int queries) {}

  /** Runs a pipeline over every query. */
  public Result run(Pipeline p) {
    double ndcg = 0;
    double recall = 0;
    double mrr = 0;
    long nanos = 0;
    for (Map.Entry<String, String> q : queries.entrySet()) {
      long t0 = System.nanoTime();
      List<String> ranked =
          p.exactDense()
              ? exact().search(embeddings.get(q.getKey()).dense(), DEPTH)
              : search(p, q.getValue(), embeddings.get(q.getKey()));
      nanos += System.nanoTime() - t0;
      Map<String, Integer> rel = qrels.get(q.getKey());
      ndcg += RankingMetrics.ndcg(ranked, rel, 10);
      recall += RankingMetrics.recall(ranked, rel, 100);
      mrr += RankingMetrics.mrr(ranked, rel, 10);
    }
    int n = queries.size();
    return new Result(
        p.name(), ndcg / n, recall / n, mrr / n, nanos / 1e6 / n, embedMillisPerQuery, n);
  }

  private List<String> search(Pipeline p, String text, Embedding embedding) {
    List<String> out = new ArrayList<>();
    for (Hit h : search(p, text, embedding, DEPTH, null).hits()) {
      out.add(h.chunk().documentId());
    }
    return out;
  }

  /** The split's queries by id. */
  public Map<String, String> queries() {
    return queries;
  }

  /** A query's top hits under a pipeline (best chunk per document), with an optional filter. */
  public SearchResult search(Pipeline p, String queryId, int k, Filter filter) {
    return search(p, queries.get(queryId), embeddings.get(queryId), k, filter);
  }

  private SearchResult search(Pipeline p, String text, Embedding embedding, int k, Filter filter) {
    SearchOptions options =
        SearchOptions.builder(null, QueryLimits.WIDEST)
            .topK(k)
            .legs(p.legs())
            .fusion(p.fusion())
            .filter(filter)
            .groupBy(GroupBy.bestChunk())
            .build();
    return index.search(new SearchRequest(QueryInput.text(text, embedding), options));
  }

  private ExactDense exact() {
    if (exact == null) {
      exact = new ExactDense(index);
    }
    return exact;
  }

  /** Brute-force dense search over every chunk vector, best chunk per document. */
  static final class ExactDense {
    private final List<float[]> vectors = new ArrayList<>();
    private final List<String> documents = new ArrayList<>();

    ExactDense(CollectionIndex index) {
      CommittedIndex.withSearcher(
          index,
          s -> {
            try {
              for (LeafReaderContext leaf : s.getIndexReader().leaves()) {
                FloatVectorValues values = leaf.reader().getFloatVectorValues(ChunkFields.DENSE);
                if (values == null) {
                  continue;
                }
                StoredFields stored = leaf.reader().storedFields();
                KnnVectorValues.DocIndexIterator it = values.iterator();
                for (int doc = it.nextDoc();
                    doc != DocIdSetIterator.NO_MORE_DOCS;
                    doc = it.nextDoc()) {
                  if (leaf.reader().getLiveDocs() != null
                      && !leaf.reader().getLiveDocs().get(doc)) {
                    continue;
                  }
                  vectors.add(values.vectorValue(it.index()).clone());
                  documents.add(stored.document(doc).get(ChunkFields.DOC_ID));
                }
              }
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
            return null;
          });
    }

    List<String> search(float[] query, int depth) {
      Map<String, Float> best = new LinkedHashMap<>();
      for (int i = 0; i < vectors.size(); i++) {
        float score = VectorUtil.dotProduct(query, vectors.get(i));
        best.merge(documents.get(i), score, Math::max);
      }
      return best.entrySet().stream()
          .sorted(
              Map.Entry.<String, Float>comparingByValue()
                  .reversed()
                  .thenComparing(Map.Entry.comparingByKey()))
          .limit(depth)
          .map(Map.Entry::getKey)
          .toList();
    }
  }
}
