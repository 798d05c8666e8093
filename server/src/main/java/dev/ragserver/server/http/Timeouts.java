package dev.ragserver.server.http;

import dev.ragserver.model.concurrent.Futures;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Runs request work with a deadline ({@code server.request_timeout_ms}): past it the client gets a
 * 503 that says so, and the work is interrupted where it can be.
 */
public final class Timeouts implements AutoCloseable {
  private final long millis;
  private final ExecutorService pool =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(null, r, "rag-request", 4L << 20);
            t.setDaemon(true);
            return t;
          });

  public Timeouts(long millis) {
    this.millis = millis;
  }

  /** The work's result, or a 503 after the timeout; exceptions pass through as they are. */
  public <T> T call(String what, Supplier<T> work) {
    Future<T> future = pool.submit(work::get);
    try {
      return future.get(millis, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw ApiException.unavailable(
          "the "
              + what
              + " took longer than server.request_timeout_ms ("
              + millis
              + " ms); try fewer candidates or top_k, or raise the timeout");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      future.cancel(true);
      throw ApiException.unavailable("the server is shutting down");
    } catch (ExecutionException e) {
      throw Futures.unwrap(e);
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
