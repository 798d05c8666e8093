/**
 * Hybrid retrieval: legs (dense kNN with the filter inside HNSW, learned sparse, BM25, ColBERT
 * rescoring, image kNN) each with its own candidate depth, fused by RRF, normalised weighted sums
 * or BGE-M3's weighted raw scores, then thresholded, grouped by document, paged and expanded with
 * neighbouring chunks. Every merge breaks ties by chunk id.
 */
package dev.ragserver.index.search;
