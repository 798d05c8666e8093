/**
 * BGE-M3 from a user-supplied model directory, in the export formats users bring: graphs that
 * output all three heads ({@code dense_embeddings}/{@code sparse_weights}/{@code colbert_vectors},
 * or {@code dense_vecs}/{@code sparse_vecs}/{@code colbert_vecs}), or an encoder-only graph ({@code
 * last_hidden_state}) plus the {@code sparse_linear} and {@code colbert_linear} head weights as
 * safetensors, applied in Java.
 */
package dev.ragserver.model.m3;
