/**
 * The index benchmark behind {@code ./rag bench index}: synthetic chunks with every embedding part,
 * indexing rate, size per chunk by precision, per-leg and fused latency, and HNSW recall against
 * exact search measured in the same run.
 */
package dev.ragserver.tools.bench.index;
