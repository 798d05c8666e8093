package dev.ragserver.server.query;

import dev.ragserver.server.http.Json;
import dev.ragserver.server.http.Metrics;
import dev.ragserver.server.http.Role;
import dev.ragserver.server.http.Timeouts;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** {@code POST /v1/collections/{c}/query}. */
public final class QueryController {
  private final QueryService service;
  private final QueryReader reader;
  private final Metrics metrics;
  private final Timeouts timeouts;

  public QueryController(QueryService service, QueryReader reader, Metrics metrics, Timeouts timeouts) {
    this.service = service;
    this.reader = reader;
    this.metrics = metrics;
    this.timeouts = timeouts;
  }

  public void register(RoutesConfig routes) {
    routes.post("/v1/collections/{c}/query", this::query, Role.READ);
  }

  private void query(Context ctx) {
    String collection = ctx.pathParam("c");
    QueryParams params = reader.read(Json.tree(ctx));
    long t0 = System.nanoTime();
    QueryService.Answer answer = timeouts.call("query", () -> service.run(collection, params));
    long took = System.nanoTime() - t0;
    if (answer.embedNanos() > 0) {
      metrics.embedding("query", answer.embedNanos());
    }
    answer.result().legNanos().forEach((leg, nanos) -> metrics.leg(leg.key(), nanos));
    ctx.json(HitJson.result(collection, answer.result(), params.explain(), answer.embedNanos(), took));
  }
}
