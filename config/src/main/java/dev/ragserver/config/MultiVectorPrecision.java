package dev.ragserver.config;

/** How token vectors (late interaction) are stored. */
public enum MultiVectorPrecision {
  /** 4 bytes per dimension: exact. */
  FP32,
  /** 1 byte per dimension plus a scale per vector. */
  INT8,
  /** 1 bit per dimension (the sign), as Vespa binarises ColBERT vectors. */
  BINARY
}
