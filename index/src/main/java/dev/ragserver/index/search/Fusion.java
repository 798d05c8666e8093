package dev.ragserver.index.search;

import java.util.Objects;

/** How leg rankings become one. */
public sealed interface Fusion {
  /** Reciprocal rank fusion: {@code Σ w / (k + rank)}, ranks from 1; leg weights default to 1. */
  record Rrf(int k) implements Fusion {
    public Rrf {
      if (k < 1) {
        throw new IllegalArgumentException("rrf k must be at least 1, got: " + k);
      }
    }
  }

  /** Per-leg normalised scores, then {@code Σ w · s}; a leg that missed a chunk gives it 0. */
  record Weighted(Normalization normalization) implements Fusion {
    public Weighted {
      Objects.requireNonNull(normalization, "normalization");
    }
  }

  /**
   * BGE-M3's combination: the weighted mean of raw dense, sparse and ColBERT scores; leg weights
   * default to 0.4 / 0.2 / 0.4 (FlagEmbedding's example), other legs to 0.
   */
  record M3() implements Fusion {}
}
