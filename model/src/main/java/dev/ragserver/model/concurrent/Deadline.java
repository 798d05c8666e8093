package dev.ragserver.model.concurrent;

import java.time.Duration;

/**
 * When a piece of request work must stop: long-running loops (embedding batches, search legs,
 * rescoring slices) ask {@link #check} between units of work, so work whose client has already been
 * answered "timed out" stops instead of running on. Also stops when the thread running it is
 * interrupted.
 */
public final class Deadline {
  /** No deadline: the work runs to the end (tools, tests, ingest jobs with their own cancel). */
  public static final Deadline NONE = new Deadline(0, false);

  private final long nanos;
  private final boolean bounded;

  private Deadline(long nanos, boolean bounded) {
    this.nanos = nanos;
    this.bounded = bounded;
  }

  /** A deadline this long from now. */
  public static Deadline after(Duration timeout) {
    if (timeout.isNegative()) {
      throw new IllegalArgumentException(
          "a deadline's timeout must not be negative, got: " + timeout);
    }
    return new Deadline(System.nanoTime() + timeout.toNanos(), true);
  }

  /** Whether the time is up (or the thread asking was interrupted). */
  public boolean expired() {
    return (bounded && System.nanoTime() - nanos >= 0) || Thread.currentThread().isInterrupted();
  }

  /**
   * Throws {@link DeadlineExceededException} when the time is up.
   *
   * @param what the work, for the message ("the search")
   */
  public void check(String what) {
    if (expired()) {
      throw new DeadlineExceededException(what + " ran past its deadline and was stopped");
    }
  }

  @Override
  public String toString() {
    return bounded
        ? "Deadline[in " + Duration.ofNanos(nanos - System.nanoTime()).toMillis() + " ms]"
        : "Deadline[none]";
  }
}
