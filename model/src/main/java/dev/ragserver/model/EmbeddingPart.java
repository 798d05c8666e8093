package dev.ragserver.model;

import java.util.EnumSet;
import java.util.Set;

/** The parts an embedding can have. */
public enum EmbeddingPart {
  /** One unit vector per text. */
  DENSE,
  /** Lexical weights per vocabulary token id (BGE-M3). */
  SPARSE,
  /** One unit vector per token, for late interaction (ColBERT / MaxSim). */
  MULTI_VECTOR;

  /** Every part. */
  public static Set<EmbeddingPart> all() {
    return EnumSet.allOf(EmbeddingPart.class);
  }
}
