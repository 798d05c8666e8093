package dev.ragserver.config;

/**
 * The whole server configuration; one record per section of {@code rag.yaml}.
 *
 * @param model the text embedding model
 */
public record RagConfig(ModelConfig model) {
  public RagConfig {
    Checks.notNull("model", model);
  }

  /** The shipped defaults, with nothing overridden. */
  public static RagConfig defaults() {
    return ConfigLoader.builder().build().load();
  }
}
