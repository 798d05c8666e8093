package dev.ragserver.model;

import dev.ragserver.config.ModelConfig;
import dev.ragserver.model.builtin.BuiltInLoader;
import dev.ragserver.model.m3.M3Loader;

/** Opens the text embedder a configuration names. */
public final class Embedders {
  private Embedders() {}

  /**
   * Loads and checks the model: a built-in one from the classpath, or BGE-M3 from {@code
   * model.directory}. Every problem is a {@link ModelException} saying what was expected and what
   * the model has.
   */
  public static TextEmbedder open(ModelConfig config) {
    return config.isBuiltIn() ? BuiltInLoader.open(config) : M3Loader.open(config);
  }
}
