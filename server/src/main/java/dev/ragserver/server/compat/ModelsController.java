package dev.ragserver.server.compat;

import dev.ragserver.api.embeddings.Model;
import dev.ragserver.api.embeddings.ModelList;
import dev.ragserver.server.http.ApiException;
import dev.ragserver.server.http.Role;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * OpenAI's {@code GET /v1/models} and {@code GET /v1/models/{model}}: the text models that serve
 * {@code /v1/embeddings} (every model the server serves, loaded or not), each under its own name
 * (inputs embedded as documents) and under its query alias {@code NAME:query} (inputs embedded as
 * queries, with the model's query instruction), for clients such as LangChain that cannot send
 * {@code input_type}.
 */
public final class ModelsController {
  /** The suffix of a model's query alias. */
  public static final String QUERY_SUFFIX = Model.QUERY_SUFFIX;

  private final List<String> served;
  private final long created;

  /**
   * @param served the names of the served models
   * @param createdSeconds when the server started (OpenAI's {@code created}, Unix seconds)
   */
  public ModelsController(Collection<String> served, long createdSeconds) {
    this.served = List.copyOf(new TreeSet<>(served));
    this.created = createdSeconds;
  }

  public void register(RoutesConfig routes) {
    routes.get("/v1/models", ctx -> ctx.json(new ModelList("list", models())), Role.READ);
    routes.get("/v1/models/{model}", this::one, Role.READ);
  }

  private List<Model> models() {
    List<Model> out = new ArrayList<>();
    for (String name : served) {
      out.add(new Model(name, "model", created, "rag-server"));
      out.add(new Model(name + QUERY_SUFFIX, "model", created, "rag-server"));
    }
    return out;
  }

  private void one(Context ctx) {
    String id = ctx.pathParam("model");
    Model found = models().stream().filter(m -> m.id().equals(id)).findFirst().orElse(null);
    if (found == null) {
      throw ApiException.notFound(
              "model " + id + " is not served here; GET /v1/models lists the models: " + names())
          .with("model", id);
    }
    ctx.json(found);
  }

  private List<String> names() {
    return models().stream().map(Model::id).toList();
  }
}
