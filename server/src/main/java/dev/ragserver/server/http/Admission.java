package dev.ragserver.server.http;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.security.RouteRole;
import java.util.Set;
import java.util.concurrent.Semaphore;

/**
 * Caps how many queries and how many writes run at once ({@code server.max_concurrent_queries},
 * {@code server.max_concurrent_writes}). A request over its cap is answered 503 with {@code
 * Retry-After} before its body is read, so slow or piled-up clients of one kind hold a bounded
 * number of the server's threads, and the rest (reads, liveness, readiness, metrics) keep
 * answering.
 */
final class Admission {
  private static final String PERMIT = "rag.admission.permit";

  private final Semaphore queries;
  private final Semaphore writes;
  private final int maxQueries;
  private final int maxWrites;

  Admission(int maxQueries, int maxWrites) {
    this.queries = new Semaphore(maxQueries);
    this.writes = new Semaphore(maxWrites);
    this.maxQueries = maxQueries;
    this.maxWrites = maxWrites;
  }

  /** Takes a permit for a capped request, or fails with 503. */
  void enter(Context ctx, Set<? extends RouteRole> roles) {
    Semaphore cap = capOf(ctx.method(), roles);
    if (cap == null) {
      return;
    }
    if (!cap.tryAcquire()) {
      boolean query = cap == queries;
      ctx.header("Retry-After", "1");
      throw ApiException.unavailable(
          "the server is serving its most "
              + (query ? "queries" : "writes")
              + " at once ("
              + (query
                  ? maxQueries + ", server.max_concurrent_queries"
                  : maxWrites + ", server.max_concurrent_writes")
              + "); retry shortly");
    }
    ctx.attribute(PERMIT, cap);
  }

  /** Returns the request's permit, if it took one (runs after every matched request). */
  void leave(Context ctx) {
    Semaphore cap = ctx.attribute(PERMIT);
    if (cap != null) {
      ctx.attribute(PERMIT, null);
      cap.release();
    }
  }

  /** Queries: POSTs open to read keys. Writes: admin-only changes. Everything else: none. */
  private Semaphore capOf(HandlerType method, Set<? extends RouteRole> roles) {
    if (method == HandlerType.GET || method == HandlerType.HEAD || method == HandlerType.OPTIONS) {
      return null;
    }
    if (roles.contains(Role.READ)) {
      return queries;
    }
    if (roles.contains(Role.WRITE) || roles.contains(Role.ADMIN)) {
      return writes;
    }
    return null;
  }
}
