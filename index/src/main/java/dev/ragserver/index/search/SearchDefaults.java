package dev.ragserver.index.search;

import dev.ragserver.config.SearchConfig;
import java.util.Locale;

/**
 * Every default of a query, resolved in this one place from {@code search.*}: the fusion (RRF with
 * {@code search.rrf_k}, also when a request names RRF without a k), hits per page, each leg's
 * weight and candidate depth. The query builder and the searcher both ask here, so a request gets
 * the same ranking however it spells a default.
 */
public final class SearchDefaults {
  private final SearchConfig search;

  public SearchDefaults(SearchConfig search) {
    this.search = search;
  }

  /** The configuration these defaults come from. */
  public SearchConfig config() {
    return search;
  }

  /** Hits per page when a request does not say ({@code search.top_k}). */
  public int topK() {
    return search.topK();
  }

  /** RRF with {@code search.rrf_k}: what a request gets without a fusion, or with RRF and no k. */
  public Fusion.Rrf rrf() {
    return new Fusion.Rrf(search.rrfK());
  }

  /** The fusion a request asked for, or the default one. */
  public Fusion fusion(Fusion requested) {
    return requested == null ? rrf() : requested;
  }

  /**
   * A fusion by its API name ({@code rrf}, {@code weighted}, {@code m3}) with its defaults: RRF's k
   * is {@code search.rrf_k}, weighted fusion normalises by min–max.
   *
   * @throws InvalidQueryException for an unknown name (field {@code fusion})
   */
  public Fusion fusion(String method) {
    return switch (method.toLowerCase(Locale.ROOT)) {
      case "rrf" -> rrf();
      case "weighted" -> new Fusion.Weighted(Normalization.MIN_MAX);
      case "m3" -> new Fusion.M3();
      default ->
          throw new InvalidQueryException(
              "fusion", "unknown fusion \"" + method + "\"; use rrf, weighted or m3");
    };
  }

  /**
   * A leg's weight in this fusion: the requested one; else BGE-M3's for m3 fusion; else {@code
   * search.<leg>_weight}.
   */
  public float weight(Fusion fusion, LegSpec spec) {
    if (!Float.isNaN(spec.weight()) || fusion instanceof Fusion.M3) {
      return Fuser.weight(fusion, spec);
    }
    return (float) search.weightOf(spec.leg().key());
  }

  /**
   * Candidates a first-stage leg retrieves: the requested number, else {@code search.candidates}
   * but at least the page's end.
   */
  public int candidates(LegSpec spec, int pageEnd) {
    return spec.candidates() == 0 ? candidates(pageEnd) : spec.candidates();
  }

  /**
   * Candidates of a first-stage leg that names no depth: {@code search.candidates}, at least the
   * page's end.
   */
  public int candidates(int pageEnd) {
    return Math.max(search.candidates(), pageEnd);
  }

  /** How many of the first stage's best candidates ColBERT rescores. */
  public int colbertCandidates(LegSpec spec) {
    return spec.candidates() == 0 ? search.colbertCandidates() : spec.candidates();
  }
}
