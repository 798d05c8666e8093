package dev.ragserver.server.engine;

import dev.ragserver.index.IndexException;
import dev.ragserver.index.collection.BackendHealth;
import dev.ragserver.index.collection.CollectionIndex;
import dev.ragserver.index.collection.CollectionManifest;
import dev.ragserver.index.collection.CollectionRegistry;
import dev.ragserver.index.collection.CollectionSettings;
import dev.ragserver.index.collection.SharedRecords;
import dev.ragserver.model.TextEmbedder;
import dev.ragserver.model.pool.ModelPool;
import dev.ragserver.model.pool.ModelState;
import java.util.List;
import java.util.Optional;

/**
 * The collections as this server sees them: the registry, each collection with the text model its
 * manifest names (taken from the model pool, loaded on first use, checked against the manifest: a
 * collection whose model this server does not serve, or serves with other dimensions, is refused,
 * saying which), new collections recorded with the model they are created for. What the controllers
 * get instead of the whole {@link Engine}. Thread-safe.
 */
public final class Collections {
  private final CollectionRegistry registry;
  private final ModelPool models;
  private final String defaultModel;
  private final CollectionManifest.ImageModelSpec imageModel;
  private final String imageTextModel;
  private final CollectionSettings defaults;
  private final boolean readsImageText;

  /**
   * @param models the text models this server serves
   * @param defaultModel the model of a collection created without naming one ({@code model.name})
   * @param imageModel the image model new collections record, or null without one
   * @param imageTextModel the text model a Visualized BGE image model shares its dense space with
   *     (only that model's collections record it), or null for a CLIP-style model or none
   * @param defaults the settings of a collection created without any
   * @param readsImageText whether the server reads text in images (OCR), also in query images
   */
  public Collections(
      CollectionRegistry registry,
      ModelPool models,
      String defaultModel,
      CollectionManifest.ImageModelSpec imageModel,
      String imageTextModel,
      CollectionSettings defaults,
      boolean readsImageText) {
    if (imageModel != null && !imageModel.ownLeg() && imageTextModel == null) {
      throw new IllegalArgumentException(
          "a Visualized BGE image model needs the text model it pairs with: " + imageModel);
    }
    if (!models.serves(defaultModel)) {
      throw new IllegalArgumentException(
          "the default model must be served, got: " + defaultModel + " of " + models.names());
    }
    this.registry = registry;
    this.models = models;
    this.defaultModel = defaultModel;
    this.imageModel = imageModel;
    this.imageTextModel = imageModel == null || imageModel.ownLeg() ? null : imageTextModel;
    this.defaults = defaults;
    this.readsImageText = readsImageText;
  }

  /** Whether the server reads text in images (OCR): a query image then finds text chunks. */
  public boolean readsImageText() {
    return readsImageText;
  }

  /** The text models this server serves. */
  public ModelPool models() {
    return models;
  }

  /** The model of a collection created without naming one ({@code model.name}). */
  public String defaultModel() {
    return defaultModel;
  }

  /** The image model new collections record by default, when the server has one. */
  public Optional<CollectionManifest.ImageModelSpec> imageModel() {
    return Optional.ofNullable(imageModel);
  }

  /**
   * The image model a new collection of this text model records: a CLIP-style model for any, a
   * Visualized BGE model only for the text model whose dense space it shares.
   */
  public Optional<CollectionManifest.ImageModelSpec> imageModelFor(String textModel) {
    return imageTextModel == null || imageTextModel.equals(textModel)
        ? Optional.ofNullable(imageModel)
        : Optional.empty();
  }

  /** The text model a Visualized BGE image model pairs with (empty for CLIP or none). */
  public Optional<String> imageTextModel() {
    return Optional.ofNullable(imageTextModel);
  }

  /**
   * Why this server cannot embed the images of a collection, or empty when it can (or the
   * collection has no image model): it must run the image model the manifest records, with the same
   * kind and dimension, and a Visualized BGE model must pair with the collection's text model.
   */
  public Optional<String> imageModelProblem(CollectionManifest manifest) {
    CollectionManifest.ImageModelSpec held = manifest.imageModel();
    if (held == null) {
      return Optional.empty();
    }
    if (imageModel == null) {
      return Optional.of(
          builtWith(manifest) + ", and this server runs no image model (image_model.name)");
    }
    if (!held.equals(imageModel)) {
      return Optional.of(builtWith(manifest) + ", and this server runs " + imageModel);
    }
    if (imageTextModel != null && !imageTextModel.equals(manifest.model().id())) {
      return Optional.of(
          builtWith(manifest)
              + " over text model "
              + manifest.model().id()
              + ", and this server pairs it with "
              + imageTextModel
              + " (image_model.text_model)");
    }
    return Optional.empty();
  }

  private static String builtWith(CollectionManifest manifest) {
    return "collection " + manifest.name() + " was built with " + manifest.imageModel();
  }

  /** The settings of a collection created without any ({@code index.*}). */
  public CollectionSettings defaults() {
    return defaults;
  }

  /** Where the status of a job writing to this collection is shared with other servers. */
  public Optional<SharedRecords> jobRecords(String collection) {
    return registry.jobRecords(collection);
  }

  /** Every place another server's job status may be shared. */
  public List<SharedRecords> allJobRecords() {
    return registry.allJobRecords();
  }

  /** An existing collection, its model loaded and checked against its manifest. */
  public CollectionIndex get(String name) {
    CollectionIndex index = registry.get(name);
    embedder(index);
    return index;
  }

  /**
   * The text model a collection's chunks and queries are embedded with: the one its manifest names,
   * checked to give the manifest's parts and dimensions.
   */
  public TextEmbedder embedder(CollectionIndex index) {
    CollectionManifest manifest = index.manifest();
    TextEmbedder embedder = served(manifest);
    manifest.requireModel(embedder.info());
    return embedder;
  }

  private TextEmbedder served(CollectionManifest manifest) {
    String id = manifest.model().id();
    if (!models.serves(id)) {
      throw new IndexException(
          "collection "
              + manifest.name()
              + " holds embeddings of model "
              + id
              + ", which this server does not serve (it serves "
              + models.names()
              + "): add it under models: in the configuration");
    }
    return models.embedder(id);
  }

  /**
   * The collection, created for the model named (null: the default model) with the default settings
   * when it does not exist yet; an existing one must hold that model.
   */
  public CollectionIndex getOrCreate(String name, String model) {
    synchronized (registry) {
      if (!registry.exists(name)) {
        return create(name, new Creation(model, defaults, true, null));
      }
      CollectionIndex index = get(name);
      String held = index.manifest().model().id();
      if (model != null && !model.equals(held)) {
        throw new IllegalArgumentException(
            "collection " + name + " holds embeddings of model " + held + ", not " + model);
      }
      return index;
    }
  }

  /**
   * What a new collection is made of.
   *
   * @param model its text model (null: the default model)
   * @param settings analysis and vector storage
   * @param withImageModel whether it records the server's image model (when there is one for its
   *     text model: {@link #imageModelFor})
   * @param opensearch its OpenSearch index, or null for the embedded backend
   */
  public record Creation(
      String model,
      CollectionSettings settings,
      boolean withImageModel,
      CollectionManifest.OpenSearchIndex opensearch) {}

  /**
   * Creates a collection, loading its model (its parts and dimensions go in the manifest).
   *
   * @throws CollectionExistsException when the name is taken
   * @throws ModelPool.UnknownModelException when the model is not served here
   */
  public CollectionIndex create(String name, Creation creation) {
    String model = creation.model() == null ? defaultModel : creation.model();
    TextEmbedder embedder = models.embedder(model);
    synchronized (registry) {
      if (registry.exists(name)) {
        throw new CollectionExistsException(name);
      }
      try {
        return registry.create(
            name,
            creation.settings(),
            embedder.info(),
            creation.withImageModel() ? imageSpace(model, embedder) : null,
            creation.opensearch());
      } catch (CollectionRegistry.CollectionExistsException e) {
        throw new CollectionExistsException(name); // another server made it a moment ago
      }
    }
  }

  /**
   * The image model a new collection of this text model records, its dimension checked: a
   * Visualized BGE model's vectors sit in the text model's dense field, so they must be as long.
   */
  private CollectionManifest.ImageModelSpec imageSpace(String model, TextEmbedder embedder) {
    CollectionManifest.ImageModelSpec spec = imageModelFor(model).orElse(null);
    if (spec != null && !spec.ownLeg() && spec.dimension() != embedder.info().denseDimension()) {
      throw new IllegalArgumentException(
          spec
              + " cannot share the dense space of text model "
              + model
              + ", whose dense vectors have "
              + embedder.info().denseDimension()
              + " dims: image_model.text_model must name the model it was trained with");
    }
    return spec;
  }

  /** Whether a collection of this name exists. */
  public boolean exists(String name) {
    return registry.exists(name);
  }

  /**
   * Restores a snapshot archive as a new collection (its model must be one this server serves).
   *
   * @throws CollectionExistsException when the name is taken
   */
  public dev.ragserver.index.snapshot.SnapshotInfo restore(
      String name, java.io.InputStream archive) {
    try {
      dev.ragserver.index.snapshot.SnapshotInfo info = registry.restore(name, archive);
      try {
        get(name); // its model must be served here
      } catch (RuntimeException e) {
        registry.delete(name);
        throw e;
      }
      return info;
    } catch (CollectionRegistry.CollectionExistsException e) {
      throw new CollectionExistsException(name);
    }
  }

  /** The snapshots a collection's backend keeps itself (a cluster's repository), if any. */
  public java.util.Optional<dev.ragserver.index.snapshot.ClusterSnapshots> clusterSnapshots(
      dev.ragserver.index.collection.CollectionManifest manifest) {
    return registry.clusterSnapshots(manifest);
  }

  /** Every backend's own snapshots. */
  public List<dev.ragserver.index.snapshot.ClusterSnapshots> allClusterSnapshots() {
    return registry.allClusterSnapshots();
  }

  /** Restores a snapshot a backend keeps as a new collection. */
  public void restore(
      String name,
      dev.ragserver.index.snapshot.ClusterSnapshots snapshots,
      String collection,
      String id) {
    try {
      registry.restore(name, snapshots, collection, id);
    } catch (CollectionRegistry.CollectionExistsException e) {
      throw new CollectionExistsException(name);
    }
  }

  /** Names of every collection, sorted. */
  public List<String> list() {
    return registry.list();
  }

  /**
   * Manifest and counts of a collection that can serve ({@link #availability}: no model is loaded
   * for it).
   *
   * @throws IndexException saying why, when it cannot serve
   */
  public CollectionRegistry.Description describe(String name) {
    if (!registry.exists(name)) {
      throw new CollectionRegistry.UnknownCollectionException(name);
    }
    Availability a = availability(name);
    if (!a.available()) {
      throw new IndexException("collection " + name + " cannot serve: " + a.problem().get());
    }
    return registry.describe(name);
  }

  /**
   * Whether a collection can serve, found without loading a model: its manifest reads, its model is
   * served, not known to fail and its files are there, its index opens, and a loaded model matches
   * its manifest.
   */
  public Availability availability(String name) {
    String model = null;
    try {
      CollectionManifest manifest = registry.manifest(name);
      model = manifest.model().id();
      if (!models.serves(model)) {
        served(manifest);
      }
      ModelState state = models.state(model);
      if (state.problem().isPresent()) {
        return new Availability(name, model, state.problem());
      }
      registry.get(name);
      if (state.loaded()) {
        manifest.requireModel(models.embedder(model).info());
      }
      return new Availability(name, model, Optional.empty());
    } catch (RuntimeException e) {
      String why = e.getMessage() == null ? e.toString() : e.getMessage();
      return new Availability(name, model, Optional.of(why));
    }
  }

  /**
   * A collection's availability.
   *
   * @param name the collection
   * @param model the text model its manifest names (null when the manifest cannot be read)
   * @param problem why it cannot serve; empty when it can
   */
  public record Availability(String name, String model, Optional<String> problem) {
    /** Whether the collection can serve. */
    public boolean available() {
      return problem.isEmpty();
    }
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
