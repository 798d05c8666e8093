package dev.ragserver.server.http;

import dev.ragserver.server.keys.ApiKey;
import io.javalin.http.Context;

/**
 * Which collections a request may use: those of the API key it presented ({@link ApiKeys} keeps it
 * on the request), every one when the server has no keys. Controllers call it where a collection is
 * named outside the path: Dify's {@code knowledge_id}, a job's collection, the listing.
 */
public final class Access {
  private static final String ATTRIBUTE = "rag.api-key";

  private Access() {}

  static void grant(Context ctx, ApiKey key) {
    ctx.attribute(ATTRIBUTE, key);
  }

  /** The request's key, or null when the server has no keys (or the route is open). */
  public static ApiKey key(Context ctx) {
    return ctx.attribute(ATTRIBUTE);
  }

  /** Whether the request may use this collection. */
  public static boolean allows(Context ctx, String collection) {
    return allows(key(ctx), collection);
  }

  /** Whether a key (null: no keys configured) may use this collection. */
  public static boolean allows(ApiKey key, String collection) {
    return key == null || key.allows(collection);
  }

  /** Fails with 403 unless the request may use this collection. */
  public static void require(Context ctx, String collection) {
    String refusal = refusal(key(ctx), collection);
    if (refusal != null) {
      throw ApiException.forbidden(refusal).with("error_code", 1002);
    }
  }

  /** Why a key may not use this collection, or null when it may. */
  public static String refusal(ApiKey key, String collection) {
    if (allows(key, collection)) {
      return null;
    }
    return "API key "
        + key.name()
        + " may not use collection "
        + collection
        + "; it may use: "
        + String.join(", ", key.collections());
  }

  /** Fails with 403 unless the request's key may use every collection (what lists them all). */
  public static void requireAll(Context ctx, String what) {
    ApiKey key = key(ctx);
    if (key != null && !key.allCollections()) {
      throw ApiException.forbidden(
          "API key "
              + key.name()
              + " may use only "
              + String.join(", ", key.collections())
              + "; "
              + what
              + " needs a key whose collections are *");
    }
  }
}
