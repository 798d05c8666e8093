/**
 * Transformer encoders on ONNX Runtime: the embedder shared by every model, and the decoders that
 * turn model outputs into dense vectors, sparse weights and token vectors exactly as BGE and
 * FlagEmbedding's BGE-M3 define them.
 */
package dev.ragserver.model.encoder;
