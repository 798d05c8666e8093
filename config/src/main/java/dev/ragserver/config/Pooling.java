package dev.ragserver.config;

/** How token states become one dense vector when the model does not output one itself. */
public enum Pooling {
  /** The first token's state (BGE models, BGE-M3). */
  CLS,
  /** The attention-masked mean of all token states. */
  MEAN
}
