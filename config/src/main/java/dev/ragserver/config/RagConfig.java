package dev.ragserver.config;

/**
 * The whole server configuration; one record per section of {@code rag.yaml}.
 *
 * @param model the text embedding model
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
    Checks.notNull("index", index);
    Checks.notNull("search", search);
  }

  /** The shipped defaults, with nothing overridden. */
  public static RagConfig defaults() {
    return ConfigLoader.builder().build().load();
  }
}
