package dev.ragserver.index;

/** A collection that cannot be opened, written or searched as asked; the message says why. */
public class IndexException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public IndexException(String message) {
    super(message);
  }

  public IndexException(String message, Throwable cause) {
    super(message, cause);
  }
}
