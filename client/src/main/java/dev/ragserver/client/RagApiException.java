package dev.ragserver.client;

import java.time.Duration;
import java.util.Optional;

/**
 * The server answered with an error: its status and problem details. The subclasses name the
 * statuses an app handles differently; any other status is a plain {@code RagApiException}.
 */
public class RagApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Problem problem;
  private final transient Duration retryAfter;

  RagApiException(Problem problem, Duration retryAfter) {
    super(problem.status() + " " + problem.title() + ": " + problem.detail());
    this.problem = problem;
    this.retryAfter = retryAfter;
  }

  /** The HTTP status. */
  public int status() {
    return problem.status();
  }

  /** The server's problem details. */
  public Problem problem() {
    return problem;
  }

  /** How long the server asked the client to wait before retrying, when it said. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /** The exception for this status. */
  static RagApiException of(Problem problem, Duration retryAfter) {
    return switch (problem.status()) {
      case 400, 413, 415, 422 -> new BadRequest(problem);
      case 401 -> new Unauthorized(problem);
      case 403 -> new Forbidden(problem);
      case 404 -> new NotFound(problem);
      case 409 -> new Conflict(problem);
      case 408, 429, 503, 504 -> new Unavailable(problem, retryAfter);
      default -> new RagApiException(problem, retryAfter);
    };
  }

  /** The request was wrong (400, 413, 415, 422): {@link Problem#field()} names the field. */
  public static final class BadRequest extends RagApiException {
    private static final long serialVersionUID = 1L;

    BadRequest(Problem problem) {
      super(problem, null);
    }
  }

  /** No API key, or one the server does not know (401). */
  public static final class Unauthorized extends RagApiException {
    private static final long serialVersionUID = 1L;

    Unauthorized(Problem problem) {
      super(problem, null);
    }
  }

  /** The key may not do this (403: a read key writing, say). */
  public static final class Forbidden extends RagApiException {
    private static final long serialVersionUID = 1L;

    Forbidden(Problem problem) {
      super(problem, null);
    }
  }

  /** No such collection, document, job or image (404). */
  public static final class NotFound extends RagApiException {
    private static final long serialVersionUID = 1L;

    NotFound(Problem problem) {
      super(problem, null);
    }
  }

  /** The request conflicts with the server's state (409: the collection exists, say). */
  public static final class Conflict extends RagApiException {
    private static final long serialVersionUID = 1L;

    Conflict(Problem problem) {
      super(problem, null);
    }
  }

  /**
   * The server could not answer now (408, 429, 503, 504: busy, timed out, or a backend down); a
   * retry later may succeed ({@link #retryAfter()}).
   */
  public static final class Unavailable extends RagApiException {
    private static final long serialVersionUID = 1L;

    Unavailable(Problem problem, Duration retryAfter) {
      super(problem, retryAfter);
    }
  }
}
