package dev.ragserver.server.http;

import dev.ragserver.config.ServerConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Set;

/**
 * Checks the API key of a request against the route's role: {@code Authorization: Bearer KEY} or
 * {@code api-key: KEY}. No key or an unknown key → 401; a read key on an admin route → 403. Dify's
 * {@code /retrieval} answers a missing or unknown key with 403 instead: Dify's key check, run when
 * a user saves the endpoint, refuses a key only on 403 (a 401 would save a wrong key). Keys are
 * compared as SHA-256 digests with {@link MessageDigest#isEqual} (constant time). With no keys
 * configured every route is open (and the server binds to localhost only).
 */
public final class ApiKeys {
  private final List<byte[]> admin;
  private final List<byte[]> read;

  public ApiKeys(ServerConfig config) {
    this.admin = config.adminKeys().stream().map(ApiKeys::digest).toList();
    this.read = config.readKeys().stream().map(ApiKeys::digest).toList();
  }

  /** Whether any key is configured. */
  public boolean enabled() {
    return !admin.isEmpty() || !read.isEmpty();
  }

  /** Fails with 401 or 403 unless the request may call a route with these roles. */
  public void check(Context ctx, Set<? extends io.javalin.security.RouteRole> roles) {
    if (!enabled() || roles.contains(Role.OPEN) || roles.isEmpty()) {
      return;
    }
    String key = presented(ctx);
    boolean dify = Problems.DIFY_PATH.equals(ctx.path());
    if (key == null) {
      String detail =
          "an API key is required: send \"Authorization: Bearer <key>\" or \"api-key: <key>\"";
      if (dify) {
        throw ApiException.forbidden(detail).with("error_code", 1001);
      }
      ctx.header("WWW-Authenticate", "Bearer");
      throw ApiException.unauthorized(detail).with("error_code", 1001);
    }
    byte[] d = digest(key);
    if (matches(admin, d)) {
      return;
    }
    if (matches(read, d)) {
      if (roles.contains(Role.ADMIN) && !roles.contains(Role.READ)) {
        throw ApiException.forbidden(
                "this API key may only read; "
                    + ctx.method()
                    + " "
                    + ServerApp.route(ctx)
                    + " needs an admin key")
            .with("error_code", 1002);
      }
      return;
    }
    if (dify) {
      throw ApiException.forbidden("the API key is not valid").with("error_code", 1002);
    }
    ctx.header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
    throw ApiException.unauthorized("the API key is not valid").with("error_code", 1002);
  }

  /**
   * Why a request with these headers may not read, or null when it may (any configured key, or none
   * configured): the check of endpoints served outside the router (MCP).
   *
   * @param authorization the {@code Authorization} header, or null
   * @param apiKey the {@code api-key} header, or null
   */
  public String readRefusal(String authorization, String apiKey) {
    if (!enabled()) {
      return null;
    }
    String key = presented(authorization, apiKey);
    if (key == null) {
      return "an API key is required: send \"Authorization: Bearer <key>\" or \"api-key: <key>\"";
    }
    byte[] d = digest(key);
    return matches(admin, d) || matches(read, d) ? null : "the API key is not valid";
  }

  private static String presented(Context ctx) {
    return presented(ctx.header("Authorization"), ctx.header("api-key"));
  }

  private static String presented(String auth, String apiKey) {
    if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      String key = auth.substring(7).strip();
      return key.isEmpty() ? null : key;
    }
    return apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
  }

  private static boolean matches(List<byte[]> keys, byte[] digest) {
    boolean found = false;
    for (byte[] k : keys) {
      found |= MessageDigest.isEqual(k, digest);
    }
    return found;
  }

  private static byte[] digest(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
