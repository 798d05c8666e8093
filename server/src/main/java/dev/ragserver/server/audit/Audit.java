package dev.ragserver.server.audit;

import io.javalin.http.Context;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a write request's audit line says: the time, the key's name ({@code null} when the server
 * has no keys), the method and route, the collection, what the controller noted (ids, counts, a
 * job's id) and the result: {@code ok}, {@code refused} (401/403) or {@code failed} with the
 * status. Never a secret, a header or document text.
 */
public final class Audit {
  /** Most ids one line lists; the count is always there. */
  public static final int MAX_IDS = 100;

  private static final String NOTES = "rag.audit";

  private Audit() {}

  /** Notes a detail of this request for its audit line (a count, a job id, ...). */
  public static void note(Context ctx, String key, Object value) {
    notes(ctx).put(key, value);
  }

  /** Notes the ids a request names: the first {@value #MAX_IDS} and how many there are. */
  public static void ids(Context ctx, List<String> ids) {
    Map<String, Object> n = notes(ctx);
    n.put("ids", ids.size() <= MAX_IDS ? List.copyOf(ids) : List.copyOf(ids.subList(0, MAX_IDS)));
    n.put("id_count", ids.size());
  }

  /** Notes the collection when the path does not name it (a job's). */
  public static void collection(Context ctx, String collection) {
    ctx.attribute(NOTES + ".collection", collection);
  }

  /**
   * The line of a finished request.
   *
   * @param keyName the request's key, or null
   */
  public static Map<String, Object> line(Context ctx, String route, String keyName) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("time", Instant.now().toString());
    line.put("key", keyName);
    line.put("method", ctx.method().name());
    line.put("route", route);
    String collection = ctx.pathParamMap().get("c");
    if (collection == null) {
      collection = ctx.attribute(NOTES + ".collection");
    }
    line.put("collection", collection);
    Map<String, Object> notes = ctx.attribute(NOTES);
    if (notes != null) {
      line.putAll(notes);
    }
    int status = ctx.statusCode();
    line.put("status", status);
    line.put("result", status < 400 ? "ok" : status == 401 || status == 403 ? "refused" : "failed");
    return line;
  }

  private static Map<String, Object> notes(Context ctx) {
    Map<String, Object> n = ctx.attribute(NOTES);
    if (n == null) {
      n = new LinkedHashMap<>();
      ctx.attribute(NOTES, n);
    }
    return n;
  }
}
