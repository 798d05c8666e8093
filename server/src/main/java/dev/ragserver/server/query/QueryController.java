package dev.ragserver.server.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.Base64;

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

  /**
   * A multipart query: part {@code image} (the image file), optional form fields {@code query} (the
   * text) and {@code request} (the rest of the JSON body: legs, fusion, filter, ...).
   */
  private static JsonNode multipart(Context ctx) {
    ObjectNode body;
    String request = ctx.formParam("request");
    if (request == null || request.isBlank()) {
      body = Json.MAPPER.createObjectNode();
    } else {
      try {
        JsonNode parsed = Json.MAPPER.readTree(request);
        if (!parsed.isObject()) {
          throw ApiException.badField("request", "the request part must be a JSON object");
        }
        body = (ObjectNode) parsed;
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw ApiException.badField("request", "the request part is not valid JSON: " + e.getOriginalMessage());
      }
    }
    String text = ctx.formParam("query");
    if (text != null) {
      body.put("query", text);
    }
    UploadedFile image = ctx.uploadedFile("image");
    if (image != null) {
      try (InputStream in = image.content()) {
        body.put("image", Base64.getEncoder().encodeToString(in.readAllBytes()));
      } catch (IOException e) {
        throw ApiException.badField("image", "cannot read the uploaded image: " + e.getMessage());
      }
    }
    return body;
  }

  private void query(Context ctx) {
    String collection = ctx.pathParam("c");
    QueryParams params = reader.read(Uploads.isMultipart(ctx) ? multipart(ctx) : Json.tree(ctx));
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
