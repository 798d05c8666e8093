package dev.ragserver.model.concurrent;

/** Work stopped because its {@link Deadline} passed (the server answers 503 for it). */
public final class DeadlineExceededException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DeadlineExceededException(String message) {
    super(message);
  }
}
