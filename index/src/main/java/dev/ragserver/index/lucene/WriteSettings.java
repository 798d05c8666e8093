package dev.ragserver.index.lucene;

import dev.ragserver.config.IndexConfig;

/**
 * How an embedded collection's writes become visible, normally and while a bulk load runs.
 *
 * @param intervalMs how often searchers see new writes ({@code index.refresh_interval_ms})
 * @param bulkIntervalMs how often while a bulk load runs ({@code index.bulk_refresh_interval_ms}),
 *     at least {@code intervalMs}
 * @param bulkRamBufferMb the indexing buffer while a bulk load runs ({@code
 *     index.bulk_ram_buffer_mb}), at least the normal one; a quarter of the JVM's heap at most when
 *     it applies
 * @param mergeThreads threads that build one merged segment's HNSW graph ({@code
 *     index.hnsw_merge_threads}; 1: Lucene's single-threaded merge)
 */
public record WriteSettings(
    int intervalMs, int bulkIntervalMs, double bulkRamBufferMb, int mergeThreads) {
  /** A collection's indexing buffer outside bulk loads, MB (token vectors make chunks large). */
  public static final double NORMAL_RAM_BUFFER_MB = 128;

  /** Lucene's single-threaded graph merge. */
  public static final int SINGLE_THREADED_MERGE = 1;

  public WriteSettings {
    if (mergeThreads < 1) {
      throw new IllegalArgumentException("mergeThreads must be at least 1, got: " + mergeThreads);
    }
    if (intervalMs < 1) {
      throw new IllegalArgumentException("intervalMs must be at least 1, got: " + intervalMs);
    }
    if (bulkIntervalMs < intervalMs) {
      throw new IllegalArgumentException(
          "bulkIntervalMs must be at least intervalMs ("
              + intervalMs
              + "), got: "
              + bulkIntervalMs);
    }
    if (bulkRamBufferMb < NORMAL_RAM_BUFFER_MB) {
      throw new IllegalArgumentException(
          "bulkRamBufferMb must be at least the normal buffer ("
              + NORMAL_RAM_BUFFER_MB
              + " MB), got: "
              + bulkRamBufferMb);
    }
  }

  /** The configured settings (bulk values below the normal ones are raised to them). */
  public static WriteSettings of(IndexConfig index) {
    return new WriteSettings(
        index.refreshIntervalMs(),
        Math.max(index.refreshIntervalMs(), index.bulkRefreshIntervalMs()),
        Math.max(NORMAL_RAM_BUFFER_MB, index.bulkRamBufferMb()),
        index.hnswMergeThreads());
  }

  /**
   * The same interval and buffer whether or not a bulk load runs, Lucene's single-threaded merge.
   */
  public static WriteSettings constant(int intervalMs) {
    return new WriteSettings(intervalMs, intervalMs, NORMAL_RAM_BUFFER_MB, SINGLE_THREADED_MERGE);
  }

  /** The bulk buffer this JVM can hold: at most a quarter of its heap, at least the normal one. */
  double bulkRamBufferMbForHeap(long maxHeapBytes) {
    return Math.max(
        NORMAL_RAM_BUFFER_MB, Math.min(bulkRamBufferMb, maxHeapBytes / 4.0 / (1 << 20)));
  }
}
