package dev.ragserver.index.relevance;

import dev.ragserver.index.search.Leg;
import dev.ragserver.index.search.LegScore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The features a {@link RelevanceModel} reads from one hit: for each leg, whether it found the hit
 * ({@code <leg>_found}: 1 or 0) and its score ({@code <leg>}), 0 when the leg missed it: dense,
 * image and ColBERT as they are (cosine-like); BM25 as its share of the query's highest attainable
 * BM25 score ({@link dev.ragserver.index.search.SearchView#bm25Ceiling}, so 0..1 whatever the
 * corpus size and query length, which raw BM25 grows with); sparse as {@code ln(1 + score)}. A leg
 * that missed a hit (or did not run) adds only its weight for "found: 0".
 */
public final class RelevanceFeatures {
  /**
   * How far the hit's dense score stands above the mean of the query's ten best dense scores (0
   * without one): a hit that stands out from the other candidates is likelier relevant than one
   * among many alike, whatever the level of the query's cosines (short queries' run lower).
   */
  public static final String DENSE_MARGIN = "dense_margin";

  /** The same for ColBERT's score. */
  public static final String COLBERT_MARGIN = "colbert_margin";

  /** Feature names, in the order {@link #of} writes them. */
  public static final List<String> NAMES = names();

  private RelevanceFeatures() {}

  private static List<String> names() {
    List<String> out = new ArrayList<>();
    for (Leg leg : Leg.values()) {
      out.add(leg.key());
      out.add(leg.key() + "_found");
    }
    out.add(DENSE_MARGIN);
    out.add(COLBERT_MARGIN);
    return List.copyOf(out);
  }

  /**
   * The feature vector of a hit with these leg scores.
   *
   * @param context what the query's scores are read against
   */
  public static double[] of(Map<Leg, LegScore> legs, RelevanceContext context) {
    float bm25Ceiling = context.bm25Ceiling();
    double[] x = new double[NAMES.size()];
    for (Leg leg : Leg.values()) {
      LegScore s = legs.get(leg);
      if (s != null && Float.isFinite(s.score())) {
        int i = 2 * leg.ordinal();
        x[i] =
            switch (leg) {
              case BM25 -> bm25Ceiling > 0 ? Math.min(1, s.score() / bm25Ceiling) : 0;
              case SPARSE -> Math.log1p(Math.max(0, s.score()));
              default -> s.score();
            };
        x[i + 1] = 1;
      }
    }
    x[x.length - 2] = margin(legs.get(Leg.DENSE), context.denseTop());
    x[x.length - 1] = margin(legs.get(Leg.COLBERT), context.colbertTop());
    return x;
  }

  private static double margin(LegScore s, float top) {
    return s != null && Float.isFinite(s.score()) && Float.isFinite(top) ? s.score() - top : 0;
  }
}
