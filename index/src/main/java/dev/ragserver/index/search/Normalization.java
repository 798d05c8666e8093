package dev.ragserver.index.search;

/** Per-leg score normalisation for weighted fusion. */
public enum Normalization {
  /** (s − min) / (max − min) over the leg's candidates; all equal → 1. */
  MIN_MAX,
  /** Qdrant's DBSF: mean ± 3σ mapped to 0..1, clipped. */
  Z_SCORE
}
