package dev.ragserver.config;

/** How HNSW dense vectors are stored and compared. */
public enum Quantization {
  /** 32-bit floats. */
  NONE,
  /** 8 bits per dimension (Lucene's scalar quantisation). */
  INT8,
  /** 4 bits per dimension. */
  INT4,
  /** 1 bit per dimension (queries at 4 bits). */
  BINARY
}
