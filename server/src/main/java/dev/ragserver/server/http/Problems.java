package dev.ragserver.server.http;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the one error shape: RFC 9457 {@code application/problem+json}. Two client dialects ride
 * along as extension members, so one document serves both: under {@code /v1/} (the OpenAI routes)
 * an {@code error} object {@code {message, type, param, code}}, which the OpenAI SDKs read; on
 * Dify's {@code /retrieval} the {@code error_code} and {@code error_msg} its docs name.
 */
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
    if (instance != null && instance.startsWith(OPENAI_PREFIX)) {
      body.put("error", openAiError(status, detail, extra));
    } else if (DIFY_PATH.equals(instance)) {
      int code = difyCode(status);
      if (code != 0) {
        body.putIfAbsent("error_code", code);
      }
      body.put("error_msg", detail);
    }
    try {
      return Json.MAPPER.writeValueAsBytes(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return ("{\"title\":\"" + title + "\",\"status\":" + status + "}")
          .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  /** The OpenAI-compatible routes' prefix: their errors carry OpenAI's {@code error} object. */
  static final String OPENAI_PREFIX = "/v1/";

  /**
   * Dify's External Knowledge API route: its errors carry {@code error_code} and {@code error_msg}.
   */
  static final String DIFY_PATH = "/retrieval";

  /**
   * OpenAI's error object: {@code type} as OpenAI names its classes of failure, {@code param} the
   * offending field (null when none), {@code code} a stable reason where one applies.
   */
  private static Map<String, Object> openAiError(
      int status, String detail, Map<String, Object> extra) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("message", detail);
    error.put(
        "type",
        switch (status) {
          case 401 -> "authentication_error";
          case 403 -> "permission_error";
          case 404 -> "not_found_error";
          case 408 -> "timeout_error";
          case 503 -> "service_unavailable_error";
          case 429 -> "rate_limit_error";
          default -> status >= 500 ? "server_error" : "invalid_request_error";
        });
    error.put("param", extra.get("field"));
    error.put(
        "code",
        switch (status) {
          case 401 -> "invalid_api_key";
          case 404 -> extra.containsKey("model") ? "model_not_found" : null;
          default -> null;
        });
    return error;
  }

  /** Dify's suggested codes: 1002 authorization failed, 2001 no such knowledge base; else none. */
  private static int difyCode(int status) {
    return switch (status) {
      case 401, 403 -> 1002;
      case 404 -> 2001;
      default -> 0;
    };
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
