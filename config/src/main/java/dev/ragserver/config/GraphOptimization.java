package dev.ragserver.config;

/**
 * How far ONNX Runtime rewrites a model's graph when it loads it ({@code
 * model.graph_optimization}).
 */
public enum GraphOptimization {
  /** No rewriting. */
  NONE,
  /** Constant folding and redundant-node removal. */
  BASIC,
  /** Also fused operators (attention, GELU, layer normalisation). */
  EXTENDED,
  /** Also layout changes (ONNX Runtime's default). */
  ALL
}
