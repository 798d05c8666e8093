package dev.ragserver.server.engine;

import dev.ragserver.index.collection.BackendHealth;
import dev.ragserver.index.collection.CollectionIndex;
import dev.ragserver.index.collection.CollectionManifest;
import dev.ragserver.index.collection.CollectionRegistry;
import dev.ragserver.index.collection.CollectionSettings;
import dev.ragserver.model.ModelInfo;
import java.util.List;

/**
 * The collections as this server sees them: the registry, checked against the models it runs (a
 * collection built with another model is refused, saying which), new collections recorded with
 * them. What the controllers get instead of the whole {@link Engine}. Thread-safe.
 */
public final class Collections {
  private final CollectionRegistry registry;
  private final ModelInfo model;
  private final CollectionManifest.ImageModelSpec imageModel;
  private final CollectionSettings defaults;
  private final boolean readsImageText;

  /**
   * @param imageModel the image model new collections record, or null without one
   * @param defaults the settings of a collection created without any
   * @param readsImageText whether the server reads text in images (OCR), also in query images
   */
  public Collections(
      CollectionRegistry registry,
      ModelInfo model,
      CollectionManifest.ImageModelSpec imageModel,
      CollectionSettings defaults,
      boolean readsImageText) {
    this.registry = registry;
    this.model = model;
    this.imageModel = imageModel;
    this.defaults = defaults;
    this.readsImageText = readsImageText;
  }

  /** Whether the server reads text in images (OCR): a query image then finds text chunks. */
  public boolean readsImageText() {
    return readsImageText;
  }

  /** The text model every collection of this server uses. */
  public ModelInfo model() {
    return model;
  }

  /** The settings of a collection created without any ({@code index.*}). */
  public CollectionSettings defaults() {
    return defaults;
  }

  /** An existing collection, checked against the running model. */
  public CollectionIndex get(String name) {
    return registry.get(name, model);
  }

  /** The collection, created with the default settings when it does not exist yet. */
  public CollectionIndex getOrCreate(String name) {
    synchronized (registry) {
      return registry.exists(name) ? get(name) : registry.create(name, defaults, model, imageModel);
    }
  }

  /**
   * Creates a collection of the running models, on OpenSearch in {@code opensearch} or embedded
   * when it is null.
   *
   * @throws CollectionExistsException when the name is taken
   */
  public CollectionIndex create(
      String name, CollectionSettings settings, CollectionManifest.OpenSearchIndex opensearch) {
    synchronized (registry) {
      if (registry.exists(name)) {
        throw new CollectionExistsException(name);
      }
      return registry.create(name, settings, model, imageModel, opensearch);
    }
  }

  /** Whether a collection of this name exists. */
  public boolean exists(String name) {
    return registry.exists(name);
  }

  /** Names of every collection, sorted. */
  public List<String> list() {
    return registry.list();
  }

  /** Manifest and counts of a collection. */
  public CollectionRegistry.Description describe(String name) {
    return registry.describe(name, model);
  }

  /** Closes and deletes a collection. */
  public void delete(String name) {
    registry.delete(name);
  }

  /** The health of each backend that depends on a cluster. */
  public List<BackendHealth> health() {
    return registry.health();
  }

  /** Whether a backend of this name can serve collections here. */
  public boolean hasBackend(String name) {
    return registry.hasBackend(name);
  }

  /** A collection of that name exists already. */
  public static final class CollectionExistsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CollectionExistsException(String name) {
      super("collection " + name + " already exists");
    }
  }
}
