package dev.ragserver.index.relevance;

/**
 * What a query's relevance estimates read its hits' scores against: BM25 as a share of the query's
 * ceiling, dense and ColBERT scores as margins over the query's ten best.
 *
 * @param bm25Ceiling the query's highest attainable BM25 score (0 without BM25 or query terms)
 * @param denseTop the mean of the ten best dense scores among the candidates (NaN: none)
 * @param colbertTop the mean of the ten best ColBERT scores among the candidates (NaN: none)
 */
public record RelevanceContext(float bm25Ceiling, float denseTop, float colbertTop) {
  /** No context: BM25 and the margins read as 0. */
  public static final RelevanceContext NONE = new RelevanceContext(0, Float.NaN, Float.NaN);

  public RelevanceContext {
    if (!(bm25Ceiling >= 0)) {
      throw new IllegalArgumentException("bm25Ceiling must be at least 0, got: " + bm25Ceiling);
    }
  }
}
