package dev.ragserver.server.http;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes the one error shape: RFC 9457 {@code application/problem+json}. */
public final class Problems {
  /** The media type of every error response. */
  public static final String MEDIA_TYPE = "application/problem+json";

  private Problems() {}

  /** Writes a problem document with this status, title and detail (and extra members). */
  public static void write(
      Context ctx, int status, String title, String detail, Map<String, Object> extra) {
    ctx.status(status)
        .contentType(MEDIA_TYPE)
        .result(document(status, title, detail, ctx.path(), extra));
  }

  /**
   * The problem document's bytes.
   *
   * @param instance the request path, or null when there is none to name (a malformed URI)
   */
  static byte[] document(
      int status, String title, String detail, String instance, Map<String, Object> extra) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "about:blank");
    body.put("title", title);
    body.put("status", status);
    body.put("detail", detail);
    if (instance != null) {
      body.put("instance", instance);
    }
    body.putAll(extra);
    try {
      return Json.MAPPER.writeValueAsBytes(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return ("{\"title\":\"" + title + "\",\"status\":" + status + "}")
          .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  private static final java.util.regex.Pattern PATH =
      java.util.regex.Pattern.compile(
          "(?<![\\w.])(?:[A-Za-z]:)?[/\\\\][^\\s:\"'/\\\\]+(?:[/\\\\][^\\s:\"'/\\\\]*)+");

  /**
   * A server-side failure's message without the file-system paths it may name (the data folder, an
   * index file): those are for the log, which has the whole message, not for clients.
   */
  public static String withoutPaths(String message) {
    return message == null ? "" : PATH.matcher(message).replaceAll("(a server path)");
  }

  /** Writes an {@link ApiException}. */
  public static void write(Context ctx, ApiException e) {
    write(ctx, e.status(), e.title(), e.getMessage(), e.extra());
  }
}
