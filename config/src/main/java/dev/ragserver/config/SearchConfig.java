package dev.ragserver.config;

/**
 * Defaults of a query when the request does not say.
 *
 * @param topK hits returned
 * @param candidates candidates each leg retrieves before fusion
 * @param colbertCandidates how many of each first-stage leg's best candidates ColBERT rescores
 * @param rrfK the k of reciprocal rank fusion
 * @param maxTopK the largest top_k (plus offset) a request may ask for
 */
public record SearchConfig(int topK, int candidates, int colbertCandidates, int rrfK, int maxTopK) {
  public SearchConfig {
    Checks.range("search.top_k", topK, 1, 10_000);
    Checks.range("search.candidates", candidates, 1, 10_000);
    Checks.range("search.colbert_candidates", colbertCandidates, 1, 10_000);
    Checks.range("search.rrf_k", rrfK, 1, 100_000);
    Checks.range("search.max_top_k", maxTopK, 1, 10_000);
    if (topK > maxTopK) {
      throw new IllegalArgumentException("search.top_k must be at most search.max_top_k (" + maxTopK + "), got: " + topK);
    }
  }
}
