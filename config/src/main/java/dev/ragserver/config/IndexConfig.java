package dev.ragserver.config;

/**
 * Where collections live, how fast writes become visible, and the defaults of new collections.
 *
 * @param dataDir folder holding one sub-folder per collection
 * @param refreshIntervalMs how often new writes become visible to searches
 * @param bulkRefreshIntervalMs how often while a bulk load (an ingest job) runs
 * @param bulkRamBufferMb the indexing buffer of a collection while a bulk load runs
 * @param hnswMergeThreads threads that build one merged segment's HNSW graph (1: Lucene's
 *     single-threaded merge)
 * @param analyzer default BM25 text analysis: english, chinese or standard
 * @param hnswMaxConn default HNSW graph degree
 * @param hnswBeamWidth default HNSW construction beam
 * @param quantization default dense vector quantisation
 * @param multiVectorPrecision default storage precision of token vectors
 */
public record IndexConfig(
    String dataDir,
    int refreshIntervalMs,
    int bulkRefreshIntervalMs,
    int bulkRamBufferMb,
    int hnswMergeThreads,
    AnalyzerLanguage analyzer,
    int hnswMaxConn,
    int hnswBeamWidth,
    Quantization quantization,
    MultiVectorPrecision multiVectorPrecision) {
  public IndexConfig {
    Checks.notBlank("index.data_dir", dataDir);
    Checks.range("index.refresh_interval_ms", refreshIntervalMs, 10, 3_600_000);
    Checks.range("index.bulk_refresh_interval_ms", bulkRefreshIntervalMs, 10, 3_600_000);
    Checks.range("index.bulk_ram_buffer_mb", bulkRamBufferMb, 16, 65_536);
    Checks.range("index.hnsw_merge_threads", hnswMergeThreads, 1, 64);
    Checks.notNull("index.analyzer", analyzer);
    Checks.range("index.hnsw_max_conn", hnswMaxConn, 2, 512);
    Checks.range("index.hnsw_beam_width", hnswBeamWidth, 2, 3200);
    Checks.notNull("index.quantization", quantization);
    Checks.notNull("index.multi_vector_precision", multiVectorPrecision);
  }
}
