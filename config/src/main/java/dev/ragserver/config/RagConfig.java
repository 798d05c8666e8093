package dev.ragserver.config;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The whole server configuration; one record per section of {@code rag.yaml}.
 *
 * @param model the default text embedding model, and how every text model is run
 * @param models every text model this server can serve, by name: the built-in ones, the default
 *     one, and those configured under {@code models:}; each with its own settings
 * @param index collections on disk and their defaults
 * @param search query defaults
 * @param ingest how files become chunks
 * @param server the HTTP server
 * @param ocr text recognition in images
 * @param imageModel the image–text encoder for cross-modal retrieval (optional)
 * @param opensearch the OpenSearch cluster for collections with {@code backend: opensearch}
 */
public record RagConfig(
    ModelConfig model,
    SortedMap<String, ModelConfig> models,
    IndexConfig index,
    SearchConfig search,
    IngestConfig ingest,
    ServerConfig server,
    OcrConfig ocr,
    ImageModelConfig imageModel,
    OpenSearchConfig opensearch) {
  public RagConfig {
    Checks.notNull("opensearch", opensearch);
    Checks.notNull("image_model", imageModel);
    Checks.notNull("ocr", ocr);
    Checks.notNull("server", server);
    Checks.notNull("ingest", ingest);
    Checks.notNull("model", model);
    Checks.notNull("models", models);
    for (Map.Entry<String, ModelConfig> e : models.entrySet()) {
      if (!e.getKey().equals(e.getValue().name())) {
        throw new IllegalArgumentException(
            "models."
                + e.getKey()
                + " must describe model "
                + e.getKey()
                + ", got: "
                + e.getValue().name());
      }
    }
    if (!models.containsKey(model.name())) {
      throw new IllegalArgumentException(
          "models must hold the default model " + model.name() + ", got: " + models.keySet());
    }
    models = Collections.unmodifiableSortedMap(new TreeMap<>(models));
    Checks.notNull("index", index);
    Checks.notNull("search", search);
  }

  /** The settings of a text model this server can serve, by name. */
  public Optional<ModelConfig> model(String name) {
    return Optional.ofNullable(models.get(name));
  }

  /** The shipped defaults, with nothing overridden. */
  public static RagConfig defaults() {
    return ConfigLoader.builder().build().load();
  }
}
