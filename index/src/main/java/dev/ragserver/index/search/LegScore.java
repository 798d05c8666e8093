package dev.ragserver.index.search;

/**
 * A leg's verdict on one hit.
 *
 * @param score the leg's raw score (dense and image: cosine; sparse: lexical score; bm25: BM25;
 *     colbert: mean MaxSim)
 * @param rank its rank in the leg, from 1
 */
public record LegScore(float score, int rank) {}
