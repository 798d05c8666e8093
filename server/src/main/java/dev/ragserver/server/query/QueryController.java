package dev.ragserver.server.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ragserver.index.search.SearchQuery;
import dev.ragserver.server.http.ApiException;
import dev.ragserver.server.http.Json;
import dev.ragserver.server.http.Metrics;
import dev.ragserver.server.http.Role;
import dev.ragserver.server.http.Timeouts;
import dev.ragserver.server.http.Uploads;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;

/** {@code POST /v1/collections/{c}/query}. */
public final class QueryController {
  private final QueryService service;
  private final QueryReader reader;
  private final Metrics metrics;
  private final Timeouts timeouts;

  public QueryController(
      QueryService service, QueryReader reader, Metrics metrics, Timeouts timeouts) {
    this.service = service;
    this.reader = reader;
    this.metrics = metrics;
    this.timeouts = timeouts;
  }

  public void register(RoutesConfig routes) {
    routes.post("/v1/collections/{c}/query", this::query, Role.READ);
  }

  /**
   * A multipart query: part {@code image} (the image file), optional form fields {@code query} (the
   * text) and {@code request} (the rest of the JSON body: legs, fusion, filter, ...).
   */
  private SearchQuery multipart(Context ctx) {
    JsonNode request = null;
    String part = ctx.formParam("request");
    if (part != null && !part.isBlank()) {
      try {
        request = Json.MAPPER.readTree(part);
      } catch (JsonProcessingException e) {
        throw ApiException.badField(
            "request", "the request part is not valid JSON: " + e.getOriginalMessage());
      }
      if (!request.isObject()) {
        throw ApiException.badField("request", "the request part must be a JSON object");
      }
    }
    byte[] image = null;
    UploadedFile file = ctx.uploadedFile("image");
    if (file != null) {
      try (InputStream in = file.content()) {
        image = in.readAllBytes();
      } catch (IOException e) {
        throw ApiException.badField("image", "cannot read the uploaded image: " + e.getMessage());
      }
    }
    return reader.read(request, ctx.formParam("query"), image);
  }

  private void query(Context ctx) {
    String collection = ctx.pathParam("c");
    SearchQuery query =
        Uploads.isMultipart(ctx)
            ? Uploads.reading(ctx, () -> multipart(ctx))
            : reader.read(Json.tree(ctx));
    long t0 = System.nanoTime();
    QueryService.Answer answer =
        timeouts.call("query", deadline -> service.run(collection, query, deadline));
    long took = System.nanoTime() - t0;
    if (answer.embedNanos() > 0) {
      metrics.embedding("query", answer.embedNanos());
    }
    answer.result().legNanos().forEach((leg, nanos) -> metrics.leg(leg.key(), nanos));
    ctx.json(
        QueryViews.response(
            collection, answer.result(), query.explain(), answer.embedNanos(), took));
  }
}
