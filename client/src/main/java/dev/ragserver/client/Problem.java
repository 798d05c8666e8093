package dev.ragserver.client;

/**
 * The server's error document (RFC 9457 problem details), as every error response carries it.
 *
 * @param type always {@code about:blank}
 * @param title the status's name
 * @param status the HTTP status
 * @param detail what was wrong, naming the rule and the value that broke it
 * @param instance the request's path
 * @param field the request field at fault (a JSON path such as {@code legs.dense.candidates}), or
 *     null
 */
public record Problem(
    String type, String title, int status, String detail, String instance, String field) {
  /** A problem for a response that carried no problem document (a proxy's error page, say). */
  static Problem ofStatus(int status, String body) {
    String detail = body == null || body.isBlank() ? "HTTP " + status : body.strip();
    if (detail.length() > 500) {
      detail = detail.substring(0, 500) + "…";
    }
    return new Problem("about:blank", "HTTP " + status, status, detail, null, null);
  }
}
