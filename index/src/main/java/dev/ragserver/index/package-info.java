/**
 * Lucene collections and hybrid retrieval: chunks stored with every embedding part, searched by
 * several legs (dense HNSW, learned sparse, BM25, late interaction, image) fused into one ranking.
 * This module sees only the model's value types ({@code Embedding} and its parts), never ONNX.
 */
package dev.ragserver.index;
