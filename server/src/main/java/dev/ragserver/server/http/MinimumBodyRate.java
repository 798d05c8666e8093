package dev.ragserver.server.http;

import java.io.IOException;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Cuts off a request body that arrives slower than {@code server.min_body_bytes_per_second},
 * measured per request from its first read and allowed a grace second: a client trickling a byte
 * every few seconds cannot hold a server thread for minutes (Jetty's idle timeout never fires while
 * bytes keep coming). The read then fails with {@link SlowBodyException}, answered 408.
 */
final class MinimumBodyRate extends Handler.Wrapper {
  private static final long GRACE_NANOS = 1_000_000_000L;

  private final long bytesPerSecond;

  MinimumBodyRate(long bytesPerSecond) {
    this.bytesPerSecond = bytesPerSecond;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    return super.handle(bytesPerSecond > 0 ? new Metered(request) : request, response, callback);
  }

  /**
   * The 408 for a failure whose cause is a body cut off for its rate, or null for any other: the
   * one place that recognises it, for the error mapping and the multipart reader alike.
   */
  static ApiException refusal(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SlowBodyException slow) {
        return ApiException.requestTimeout(slow.getMessage());
      }
    }
    return null;
  }

  /** A request body read too slowly. */
  static final class SlowBodyException extends IOException {
    private static final long serialVersionUID = 1L;

    SlowBodyException(String message) {
      super(message);
    }
  }

  private final class Metered extends Request.Wrapper {
    private long firstRead;
    private long bytes;
    private Content.Chunk failure;

    Metered(Request wrapped) {
      super(wrapped);
    }

    @Override
    public Content.Chunk read() {
      if (failure != null) {
        return failure;
      }
      long now = System.nanoTime();
      if (firstRead == 0) {
        firstRead = now;
      }
      Content.Chunk chunk = super.read();
      if (chunk == null || chunk.isLast() && chunk.remaining() == 0) {
        return chunk;
      }
      bytes += chunk.remaining();
      long elapsed = now - firstRead;
      if (!chunk.isLast()
          && elapsed > GRACE_NANOS
          && bytes * 1_000_000_000d / elapsed < bytesPerSecond) {
        chunk.release();
        failure =
            Content.Chunk.from(
                new SlowBodyException(
                    "the request body arrived at "
                        + Math.round(bytes * 1_000_000_000d / elapsed)
                        + " bytes/s, slower than server.min_body_bytes_per_second ("
                        + bytesPerSecond
                        + ")"),
                true);
        return failure;
      }
      return chunk;
    }
  }
}
