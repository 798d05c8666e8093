package dev.ragserver.client;

/**
 * The client could not get an answer: the server unreachable, the connection broken, no answer
 * within the timeout, a job not finished in time, or a response it could not read.
 */
public final class RagClientException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  RagClientException(String message, Throwable cause) {
    super(message, cause);
  }

  RagClientException(String message) {
    super(message);
  }
}
