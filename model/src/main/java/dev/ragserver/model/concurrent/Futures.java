package dev.ragserver.model.concurrent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * Waiting for work on another thread and getting its own failure back: the one place that unwraps
 * {@link ExecutionException} and {@link CompletionException} for every module.
 */
public final class Futures {
  private Futures() {}

  /**
   * The exception to throw for a task's failure: its own {@code RuntimeException}, its {@code
   * Error} (thrown from here), or a checked cause turned into a {@code RuntimeException} by {@code
   * checked}.
   *
   * @param wrapper an {@link ExecutionException} or {@link CompletionException}
   */
  public static RuntimeException unwrap(
      Throwable wrapper, Function<Throwable, RuntimeException> checked) {
    Throwable cause = wrapper.getCause() == null ? wrapper : wrapper.getCause();
    if (cause instanceof RuntimeException re) {
      return re;
    }
    if (cause instanceof Error err) {
      throw err;
    }
    return checked.apply(cause);
  }

  /**
   * {@link #unwrap(Throwable, Function)} with a checked cause wrapped in an {@code
   * IllegalStateException}.
   */
  public static RuntimeException unwrap(Throwable wrapper) {
    return unwrap(wrapper, IllegalStateException::new);
  }

  /**
   * The result, or the task's {@code IOException} (sent as {@code UncheckedIOException}) or its own
   * exception.
   */
  public static <T> T join(CompletableFuture<T> f) throws IOException {
    try {
      return f.join();
    } catch (CompletionException e) {
      RuntimeException cause = unwrap(e);
      if (cause instanceof UncheckedIOException u) {
        throw u.getCause();
      }
      throw cause;
    }
  }
}
