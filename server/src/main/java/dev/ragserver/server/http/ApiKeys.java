package dev.ragserver.server.http;

import dev.ragserver.server.keys.ApiKey;
import dev.ragserver.server.keys.KeyRing;
import io.javalin.http.Context;
import java.util.Optional;
import java.util.Set;

/**
 * Checks the API key of a request against the route: {@code Authorization: Bearer KEY} or {@code
 * api-key: KEY}. No key or an unknown key → 401; a key whose role is below the route's ({@link
 * Role#needed}) or that may not use the route's collection ({@code {c}}) → 403 naming the key (by
 * name, never the secret) and what it lacks. The key that passed is kept on the request ({@link
 * Access}) for the checks that need the body or a stored record (Dify's {@code knowledge_id}, a
 * job's collection). Dify's {@code /retrieval} answers a missing or unknown key with 403 instead:
 * Dify's key check, run when a user saves the endpoint, refuses a key only on 403 (a 401 would save
 * a wrong key). With no keys configured every route is open (and the server binds to localhost
 * only).
 */
public final class ApiKeys {
  private final KeyRing ring;

  public ApiKeys(KeyRing ring) {
    this.ring = ring;
  }

  /** Whether any key is configured. */
  public boolean enabled() {
    return ring.enabled();
  }

  /** Fails with 401 or 403 unless the request may call a route with these roles. */
  public void check(Context ctx, Set<? extends io.javalin.security.RouteRole> roles) {
    Role needed = Role.needed(roles);
    if (needed == Role.OPEN || !enabled()) {
      return;
    }
    String presented = presented(ctx);
    boolean dify = Problems.DIFY_PATH.equals(ctx.path());
    if (presented == null) {
      String detail =
          "an API key is required: send \"Authorization: Bearer <key>\" or \"api-key: <key>\"";
      if (dify) {
        throw ApiException.forbidden(detail).with("error_code", 1001);
      }
      ctx.header("WWW-Authenticate", "Bearer");
      throw ApiException.unauthorized(detail).with("error_code", 1001);
    }
    Optional<ApiKey> found = ring.find(presented);
    if (found.isEmpty()) {
      if (dify) {
        throw ApiException.forbidden("the API key is not valid").with("error_code", 1002);
      }
      ctx.header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
      throw ApiException.unauthorized("the API key is not valid").with("error_code", 1002);
    }
    ApiKey key = found.get();
    // kept before the checks, so that a refusal's audit line names the key
    Access.grant(ctx, key);
    if (!key.role().covers(needed)) {
      throw ApiException.forbidden(
              "API key "
                  + key.name()
                  + " has the "
                  + key.role().id()
                  + " role; "
                  + ctx.method()
                  + " "
                  + ServerApp.route(ctx)
                  + " needs "
                  + needed.id()
                  + (needed == Role.ADMIN ? "" : " or above"))
          .with("error_code", 1002);
    }
    String collection = ctx.pathParamMap().get("c");
    if (collection != null) {
      Access.require(ctx, collection);
    }
  }

  /**
   * The key a request with these headers presents, when it may read; else why not (any key may
   * read; which collections it may use is checked where they are named): the check of endpoints
   * served outside the router (MCP).
   *
   * @param authorization the {@code Authorization} header, or null
   * @param apiKey the {@code api-key} header, or null
   */
  public Verdict reader(String authorization, String apiKey) {
    if (!enabled()) {
      return new Verdict(null, null);
    }
    String presented = presented(authorization, apiKey);
    if (presented == null) {
      return new Verdict(
          null,
          "an API key is required: send \"Authorization: Bearer <key>\" or \"api-key: <key>\"");
    }
    return ring.find(presented)
        .map(k -> new Verdict(k, null))
        .orElse(new Verdict(null, "the API key is not valid"));
  }

  /**
   * A request's key, or why it was refused.
   *
   * @param key the key (null without keys configured, or when refused)
   * @param refusal why it may not go on, or null
   */
  public record Verdict(ApiKey key, String refusal) {}

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
}
