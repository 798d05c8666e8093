package dev.ragserver.server.compat;

import dev.ragserver.model.ModelInfo;
import dev.ragserver.server.http.ApiException;
import dev.ragserver.server.http.Role;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;

/**
 * OpenAI's {@code GET /v1/models} and {@code GET /v1/models/{model}}: the text model that serves
 * {@code /v1/embeddings}, under its own name (inputs embedded as documents) and under its query
 * alias {@code NAME:query} (inputs embedded as queries, with the model's query instruction), for
 * clients such as LangChain that cannot send {@code input_type}.
 */
public final class ModelsController {
  /** The suffix of a model's query alias. */
  public static final String QUERY_SUFFIX = ":query";

  private final ModelInfo model;
  private final long created;

  /**
   * @param model the text model
   * @param createdSeconds when it was loaded (OpenAI's {@code created}, Unix seconds)
   */
  public ModelsController(ModelInfo model, long createdSeconds) {
    this.model = model;
    this.created = createdSeconds;
  }

  /**
   * One model as OpenAI lists it.
   *
   * @param id its name, to pass as {@code model}
   * @param object always {@code model}
   * @param created Unix seconds
   * @param ownedBy always {@code rag-server}
   */
  record Model(String id, String object, long created, String ownedBy) {}

  /**
   * OpenAI's list shape.
   *
   * @param object always {@code list}
   * @param data the models
   */
  record ModelList(String object, List<Model> data) {}

  public void register(RoutesConfig routes) {
    routes.get("/v1/models", ctx -> ctx.json(new ModelList("list", models())), Role.READ);
    routes.get("/v1/models/{model}", this::one, Role.READ);
  }

  private List<Model> models() {
    return List.of(
        new Model(model.id(), "model", created, "rag-server"),
        new Model(model.id() + QUERY_SUFFIX, "model", created, "rag-server"));
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
