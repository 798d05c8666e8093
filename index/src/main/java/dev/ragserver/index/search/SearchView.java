package dev.ragserver.index.search;

import dev.ragserver.index.filter.Filter;
import dev.ragserver.index.schema.StoredChunk;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.apache.lucene.util.BytesRef;

/**
 * One consistent view of a collection's chunks, which is all {@link HybridSearcher} needs from a
 * backend: the first-stage legs with the filter applied inside each, the stored token vectors of
 * candidates, and stored chunks. Candidates are {@code int} handles the view hands out in its
 * rankings (Lucene doc ids for the embedded backend) and takes back in the other calls.
 */
public interface SearchView {
  /**
   * Runs the first-stage legs (not ColBERT), each to its depth, the filter applied inside each; the
   * view may run them concurrently or as one request.
   *
   * @param depths candidates per leg, in the order of {@code legs}
   * @param timings where each leg's time goes
   * @return one ranking per leg, in the order of {@code legs}
   */
  List<LegRanking> firstStage(
      List<Leg> legs, int[] depths, QueryInput input, Filter filter, Map<Leg, Long> timings)
      throws IOException;

  /**
   * Applies {@code scorer} to each candidate's stored token vectors ({@code out[i]} for {@code
   * handles[i]}; 0 for a chunk without them). Called from several threads at once, on disjoint
   * handles.
   */
  void scoreTokenVectors(int[] handles, ToDoubleFunction<BytesRef> scorer, float[] out)
      throws IOException;

  /**
   * The highest BM25 score this query text can reach in the view: Σ over its analysed terms of
   * (count in the query × idf), what a chunk that saturates every term would score (Lucene's BM25
   * tends to idf per term as the term frequency grows). A hit's BM25 score over it is the share of
   * the query's evidence it holds, comparable across corpora and query lengths (the raw score is
   * not: it grows with both). 0 when the text has no terms.
   */
  float bm25Ceiling(String text) throws IOException;

  /** Chunk ids of the candidates (the fusion's tie-breaker). */
  String[] chunkIds(int[] handles) throws IOException;

  /** Document ids of the candidates (for grouping). */
  String[] documentIds(int[] handles) throws IOException;

  /** The stored chunk of a candidate. */
  StoredChunk chunk(int handle) throws IOException;

  /**
   * The chunks up to {@code before}/{@code after} positions around {@code hit} in its document, in
   * order.
   */
  List<StoredChunk> neighbours(StoredChunk hit, int before, int after) throws IOException;
}
