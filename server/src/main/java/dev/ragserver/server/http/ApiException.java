package dev.ragserver.server.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error a client caused or must know about, answered as {@code application/problem+json} with
 * its status, a title, a detail message naming the offending field, and extra members.
 */
public final class ApiException extends RuntimeException {
  private final int status;
  private final String title;
  private final Map<String, Object> extra;

  private ApiException(int status, String title, String detail, Map<String, Object> extra) {
    super(detail);
    this.status = status;
    this.title = title;
    this.extra = Map.copyOf(extra);
  }

  public static ApiException badRequest(String detail) {
    return new ApiException(400, "Bad Request", detail, Map.of());
  }

  /** A bad request naming the field (a JSON path such as {@code legs.dense.candidates}). */
  public static ApiException badField(String field, String detail) {
    return new ApiException(400, "Bad Request", detail, Map.of("field", field));
  }

  public static ApiException unauthorized(String detail) {
    return new ApiException(401, "Unauthorized", detail, Map.of());
  }

  public static ApiException forbidden(String detail) {
    return new ApiException(403, "Forbidden", detail, Map.of());
  }

  public static ApiException notFound(String detail) {
    return new ApiException(404, "Not Found", detail, Map.of());
  }

  public static ApiException conflict(String detail) {
    return new ApiException(409, "Conflict", detail, Map.of());
  }

  public static ApiException requestTimeout(String detail) {
    return new ApiException(408, "Request Timeout", detail, Map.of());
  }

  public static ApiException unsupportedMediaType(String detail) {
    return new ApiException(415, "Unsupported Media Type", detail, Map.of());
  }

  public static ApiException tooLarge(String detail) {
    return new ApiException(413, "Content Too Large", detail, Map.of());
  }

  public static ApiException unavailable(String detail) {
    return new ApiException(503, "Service Unavailable", detail, Map.of());
  }

  /** A copy with an extra member in the problem document. */
  public ApiException with(String key, Object value) {
    Map<String, Object> more = new LinkedHashMap<>(extra);
    more.put(key, value);
    return new ApiException(status, title, getMessage(), more);
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  public Map<String, Object> extra() {
    return extra;
  }
}
