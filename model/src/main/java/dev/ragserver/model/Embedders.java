package dev.ragserver.model;

import dev.ragserver.config.ModelConfig;
import dev.ragserver.model.batch.GatheringEmbedder;
import dev.ragserver.model.builtin.BuiltInLoader;
import dev.ragserver.model.m3.M3Loader;

/** Opens the text embedder a configuration names. */
public final class Embedders {
  private Embedders() {}

  /**
   * Loads and checks the model: a built-in one from the classpath, or BGE-M3 from {@code
   * model.directory}; with {@code model.gather_requests}, concurrent small requests share calls.
   * Every problem is a {@link ModelException} saying what was expected and what the model has.
   */
  public static TextEmbedder open(ModelConfig config) {
    TextEmbedder model = config.isBuiltIn() ? BuiltInLoader.open(config) : M3Loader.open(config);
    // a model whose vectors move with their batch-mates (int8) keeps each request apart
    return config.gatherRequests() && model.batchInvariant()
        ? new GatheringEmbedder(
            model,
            config.batchSize(),
            config.concurrentBatches(),
            config.gatherMaxWaitMs() * 1_000_000L)
        : model;
  }
}
