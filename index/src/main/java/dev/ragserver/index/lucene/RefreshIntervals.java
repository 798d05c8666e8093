package dev.ragserver.index.lucene;

import dev.ragserver.config.IndexConfig;

/**
 * How often an embedded collection's searchers see new writes.
 *
 * @param intervalMs normally ({@code index.refresh_interval_ms})
 * @param bulkIntervalMs while a bulk load runs ({@code index.bulk_refresh_interval_ms}), at least
 *     {@code intervalMs}
 */
public record RefreshIntervals(int intervalMs, int bulkIntervalMs) {
  public RefreshIntervals {
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
  }

  /** The configured intervals (a bulk interval below the normal one is raised to it). */
  public static RefreshIntervals of(IndexConfig index) {
    return new RefreshIntervals(
        index.refreshIntervalMs(),
        Math.max(index.refreshIntervalMs(), index.bulkRefreshIntervalMs()));
  }

  /** The same interval whether or not a bulk load runs. */
  public static RefreshIntervals constant(int intervalMs) {
    return new RefreshIntervals(intervalMs, intervalMs);
  }
}
