package dev.ragserver.index.collection;

/**
 * An open bulk load of one collection ({@link CollectionIndex#beginBulkLoad()}): while any is open,
 * the embedded backend makes new writes visible every {@code index.bulk_refresh_interval_ms}
 * instead of every {@code index.refresh_interval_ms}. Closing it (once is enough; again does
 * nothing) makes every write so far visible at once when it was the last one open.
 */
public interface BulkLoad extends AutoCloseable {
  /** A bulk load that changes nothing: for backends whose refresh the cluster schedules. */
  BulkLoad NONE = () -> {};

  @Override
  void close();
}
