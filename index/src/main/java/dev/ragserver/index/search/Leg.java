package dev.ragserver.index.search;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** A retrieval leg. */
public enum Leg {
  /** kNN over dense vectors (HNSW), filter applied inside the graph search. */
  DENSE,
  /** Learned sparse weights: BGE-M3's lexical score. */
  SPARSE,
  /** BM25 over the chunk text. */
  BM25,
  /** Late interaction (MaxSim over token vectors), rescoring the other legs' candidates. */
  COLBERT,
  /** kNN in the image model's space. */
  IMAGE;

  /** The lower-case name used in APIs. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The leg with this name (case-insensitive); fails listing the legs. */
  public static Leg of(String name) {
    for (Leg leg : values()) {
      if (leg.key().equalsIgnoreCase(name)) {
        return leg;
      }
    }
    throw new IllegalArgumentException(
        "unknown leg \""
            + name
            + "\"; legs are "
            + Arrays.stream(values()).map(Leg::key).collect(Collectors.joining(", ")));
  }
}
