/**
 * Text embedding API: a {@link dev.ragserver.model.TextEmbedder} turns documents and queries into
 * immutable {@link dev.ragserver.model.Embedding}s with up to three parts (dense vector, sparse
 * lexical weights, multi-vector). {@link dev.ragserver.model.Embedders} opens the configured model.
 *
 * <p>Everything above this module sees only these value types, never ONNX Runtime.
 */
package dev.ragserver.model;
