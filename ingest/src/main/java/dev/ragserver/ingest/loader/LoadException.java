package dev.ragserver.ingest.loader;

/** A file that cannot be ingested; the message is the reason shown to the user next to the file. */
public final class LoadException extends RuntimeException {
  public LoadException(String message) {
    super(message);
  }

  public LoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
