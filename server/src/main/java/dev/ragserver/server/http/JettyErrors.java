package dev.ragserver.server.http;

import java.nio.ByteBuffer;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The errors Jetty answers itself, before any route runs (a malformed URI, a bad header): the same
 * {@code application/problem+json} shape as every other error, never Jetty's HTML page, and never a
 * stack trace.
 */
final class JettyErrors extends ErrorHandler {
  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int code,
      String message,
      Throwable cause,
      Callback callback) {
    String title = HttpStatus.getMessage(code);
    String detail = message == null ? title : message;
    byte[] bytes =
        Problems.document(
            code,
            title,
            code == 400 ? "the request is malformed (" + detail + ")" : detail,
            null,
            Map.of());
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problems.MEDIA_TYPE);
    response.write(true, ByteBuffer.wrap(bytes), callback);
  }
}
