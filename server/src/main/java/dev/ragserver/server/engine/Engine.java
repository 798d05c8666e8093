package dev.ragserver.server.engine;

import dev.ragserver.config.RagConfig;
import dev.ragserver.index.collection.CollectionIndex;
import dev.ragserver.index.collection.CollectionRegistry;
import dev.ragserver.index.collection.CollectionSettings;
import dev.ragserver.model.Embedders;
import dev.ragserver.model.TextEmbedder;
import java.nio.file.Path;

/** Configuration, model and collections, opened once. Thread-safe. */
public final class Engine implements AutoCloseable {
  private final RagConfig config;
  private final TextEmbedder embedder;
  private final CollectionRegistry registry;

  private Engine(RagConfig config, TextEmbedder embedder, CollectionRegistry registry) {
    this.config = config;
    this.embedder = embedder;
    this.registry = registry;
  }

  /** Loads the configured model and opens the data folder. */
  public static Engine open(RagConfig config) {
    TextEmbedder embedder = Embedders.open(config.model());
    try {
      CollectionRegistry registry = new CollectionRegistry(Path.of(config.index().dataDir()),
          config.index().refreshIntervalMs(), config.search());
      return new Engine(config, embedder, registry);
    } catch (RuntimeException e) {
      embedder.close();
      throw e;
    }
  }

  /** The configuration in effect. */
  public RagConfig config() {
    return config;
  }

  /** The text model every collection of this server uses. */
  public TextEmbedder embedder() {
    return embedder;
  }

  /** The collections on disk. */
  public CollectionRegistry registry() {
    return registry;
  }

  /** An existing collection, checked against the running model. */
  public CollectionIndex collection(String name) {
    return registry.get(name, embedder.info());
  }

  /** The collection, created with the configured defaults when it does not exist yet. */
  public CollectionIndex collectionOrCreate(String name) {
    synchronized (registry) {
      if (registry.exists(name)) {
        return collection(name);
      }
      return registry.create(name, CollectionSettings.defaults(config.index()), embedder.info(), null);
    }
  }

  @Override
  public void close() {
    try {
      registry.close();
    } finally {
      embedder.close();
    }
  }
}
