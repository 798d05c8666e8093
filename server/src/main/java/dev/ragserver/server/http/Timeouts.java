package dev.ragserver.server.http;

import dev.ragserver.model.concurrent.Deadline;
import dev.ragserver.model.concurrent.DeadlineExceededException;
import dev.ragserver.model.concurrent.Futures;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Runs request work with a deadline ({@code server.request_timeout_ms}): past it the client gets a
 * 503 that says so, and the work stops too: it is interrupted (embedding stops between batches) and
 * handed the {@link Deadline}, which search legs, Lucene segments and rescoring check.
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
  public <T> T call(String what, Function<Deadline, T> work) {
    Deadline deadline = Deadline.after(Duration.ofMillis(millis));
    Future<T> future = pool.submit(() -> work.apply(deadline));
    try {
      return future.get(millis, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw timedOut(what);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      future.cancel(true);
      throw ApiException.unavailable("the server is shutting down");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof DeadlineExceededException) {
        throw timedOut(what);
      }
      throw Futures.unwrap(e);
    }
  }

  private ApiException timedOut(String what) {
    return ApiException.unavailable(
        "the "
            + what
            + " took longer than server.request_timeout_ms ("
            + millis
            + " ms) and was stopped; try fewer candidates, inputs or top_k, or raise the timeout");
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
