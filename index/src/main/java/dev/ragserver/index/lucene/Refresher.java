package dev.ragserver.index.lucene;

import dev.ragserver.index.collection.BulkLoad;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.lucene.search.SearcherManager;

/**
 * A collection's near-real-time refresh: a daemon thread reopens the searchers every {@link
 * WriteSettings#intervalMs()}, or every {@link WriteSettings#bulkIntervalMs()} while a {@link
 * BulkLoad} is open. Each reopen flushes the writer's buffer into a new segment, so a bulk load
 * under the short interval writes a segment a second, and the merges of many small HNSW graphs
 * leave a graph that needs more candidates for the same recall (docs/benchmarks.md); under the long
 * one it writes few, large segments. The first bulk load to open and the last to close tell {@code
 * onBulk} (the collection enlarges its indexing buffer meanwhile); the last to close refreshes at
 * once. Thread-safe.
 */
final class Refresher implements AutoCloseable {
  private final SearcherManager searchers;
  private final long intervalNanos;
  private final long bulkIntervalNanos;
  private final Consumer<Boolean> onBulk;
  private final Thread thread;
  private int bulkLoads;
  private boolean closed;

  Refresher(
      String name, SearcherManager searchers, WriteSettings intervals, Consumer<Boolean> onBulk) {
    this.searchers = searchers;
    this.onBulk = onBulk;
    this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervals.intervalMs());
    this.bulkIntervalNanos = TimeUnit.MILLISECONDS.toNanos(intervals.bulkIntervalMs());
    this.thread = new Thread(this::run, "refresh-" + name);
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    long last = System.nanoTime();
    while (true) {
      synchronized (this) {
        try {
          for (long left = next(last) - System.nanoTime(); !closed && left > 0; ) {
            TimeUnit.NANOSECONDS.timedWait(this, left);
            left = next(last) - System.nanoTime();
          }
        } catch (InterruptedException e) {
          return;
        }
        if (closed) {
          return;
        }
      }
      try {
        searchers.maybeRefresh();
      } catch (IOException | RuntimeException e) {
        // the writer was closed under us, or the disk failed: the next writer call reports it
      }
      last = System.nanoTime();
    }
  }

  private long next(long last) {
    return last + (bulkLoads > 0 ? bulkIntervalNanos : intervalNanos);
  }

  /** Lengthens the interval until the returned handle (and every other open one) is closed. */
  BulkLoad beginBulkLoad() {
    synchronized (this) {
      if (bulkLoads++ == 0) {
        onBulk.accept(true);
      }
    }
    return new BulkLoad() {
      private boolean ended;

      @Override
      public void close() {
        boolean last;
        synchronized (Refresher.this) {
          if (ended) {
            return;
          }
          ended = true;
          last = --bulkLoads == 0;
          if (last) {
            onBulk.accept(false);
          }
          Refresher.this.notifyAll();
        }
        if (last) {
          try {
            searchers.maybeRefreshBlocking();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      }
    };
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      notifyAll();
    }
    try {
      thread.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
