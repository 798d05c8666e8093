package dev.ragserver.config;

/** Where ONNX Runtime runs a model. */
public enum Device {
  /** The CPU execution provider (always available). */
  CPU,
  /**
   * NVIDIA GPUs through ONNX Runtime's CUDA execution provider (needs the onnxruntime_gpu build).
   */
  CUDA
}
