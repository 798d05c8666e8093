package dev.ragserver.config;

/**
 * Defaults of a query when the request does not say.
 *
 * @param topK hits returned
 * @param candidates candidates each leg retrieves before fusion
 * @param colbertCandidates how many of the first-stage fusion's best candidates ColBERT rescores
 * @param rrfK the k of reciprocal rank fusion
 * @param maxTopK the largest top_k (plus offset) a request may ask for
 * @param denseWeight weight of the dense leg in RRF and weighted fusion when a request gives none
 * @param sparseWeight weight of the sparse leg, likewise
 * @param bm25Weight weight of the BM25 leg, likewise
 * @param colbertWeight weight of the ColBERT leg, likewise
 * @param imageWeight weight of the image leg, likewise
 * @param maxFilterDepth how deeply a filter's and/or/not may nest
 * @param maxFilterNodes most conditions, operators and {@code in} values one filter may hold
 */
public record SearchConfig(
    int topK,
    int candidates,
    int colbertCandidates,
    int rrfK,
    int maxTopK,
    double denseWeight,
    double sparseWeight,
    double bm25Weight,
    double colbertWeight,
    double imageWeight,
    int maxFilterDepth,
    int maxFilterNodes) {
  public SearchConfig {
    for (double w :
        new double[] {denseWeight, sparseWeight, bm25Weight, colbertWeight, imageWeight}) {
      if (!(w >= 0 && w <= 1000)) {
        throw new IllegalArgumentException("search.*_weight must be between 0 and 1000, got: " + w);
      }
    }
    Checks.range("search.top_k", topK, 1, 10_000);
    Checks.range("search.candidates", candidates, 1, 10_000);
    Checks.range("search.colbert_candidates", colbertCandidates, 1, 10_000);
    Checks.range("search.rrf_k", rrfK, 1, 100_000);
    Checks.range("search.max_top_k", maxTopK, 1, 10_000);
    Checks.range("search.max_filter_depth", maxFilterDepth, 1, 1_000);
    Checks.range("search.max_filter_nodes", maxFilterNodes, 1, 1_000_000);
    if (topK > maxTopK) {
      throw new IllegalArgumentException(
          "search.top_k must be at most search.max_top_k (" + maxTopK + "), got: " + topK);
    }
  }

  /** The default weight of a leg by its API name (dense, sparse, bm25, colbert, image). */
  public double weightOf(String leg) {
    return switch (leg) {
      case "dense" -> denseWeight;
      case "sparse" -> sparseWeight;
      case "bm25" -> bm25Weight;
      case "colbert" -> colbertWeight;
      case "image" -> imageWeight;
      default -> throw new IllegalArgumentException("unknown leg: " + leg);
    };
  }
}
