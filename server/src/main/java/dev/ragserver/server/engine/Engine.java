package dev.ragserver.server.engine;

import dev.ragserver.config.RagConfig;
import dev.ragserver.index.Registries;
import dev.ragserver.index.collection.CollectionIndex;
import dev.ragserver.index.collection.CollectionManifest;
import dev.ragserver.index.collection.CollectionRegistry;
import dev.ragserver.index.collection.CollectionSettings;
import dev.ragserver.ingest.job.ImageUnderstanding;
import dev.ragserver.ingest.loader.ImageText;
import dev.ragserver.model.Embedders;
import dev.ragserver.model.TextEmbedder;
import dev.ragserver.model.image.ClipEncoder;
import dev.ragserver.model.ocr.OcrEngine;
import dev.ragserver.model.pool.ModelPool;
import java.util.Optional;

/**
 * Configuration, models and collections, opened once. Text models load on first use (see {@link
 * ModelPool}). Thread-safe.
 */
public final class Engine implements AutoCloseable {
  private final RagConfig config;
  private final ModelPool models;
  private final CollectionRegistry registry;
  private final OcrEngine ocr;
  private final ClipEncoder clip;
  private final Collections collections;

  private Engine(
      RagConfig config,
      ModelPool models,
      CollectionRegistry registry,
      OcrEngine ocr,
      ClipEncoder clip) {
    this.config = config;
    this.models = models;
    this.registry = registry;
    this.ocr = ocr;
    this.clip = clip;
    this.collections =
        new Collections(
            registry,
            models,
            config.model().name(),
            imageModelSpec(),
            CollectionSettings.defaults(config.index()),
            ocr != null);
  }

  /**
   * Loads the OCR models when {@code ocr.enabled} and the image model when {@code image_model.name}
   * is set, and opens the data folder; text models load when first used.
   */
  public static Engine open(RagConfig config) {
    return open(config, config.index().dataDir());
  }

  /** As {@link #open(RagConfig)}, with the collections of another folder (evaluation's). */
  public static Engine open(RagConfig config, String dataDir) {
    ModelPool models =
        new ModelPool(config.models(), config.model().maxLoadedModels(), Embedders::open);
    OcrEngine ocr = null;
    ClipEncoder clip = null;
    try {
      ocr = config.ocr().enabled() ? OcrEngine.open(config.ocr()) : null;
      clip = config.imageModel().enabled() ? ClipEncoder.open(config.imageModel()) : null;
      CollectionRegistry registry =
          Registries.forConfig(config.index(), dataDir, config.search(), config.opensearch());
      return new Engine(config, models, registry, ocr, clip);
    } catch (RuntimeException e) {
      models.close();
      if (ocr != null) {
        ocr.close();
      }
      if (clip != null) {
        clip.close();
      }
      throw e;
    }
  }

  /** OCR, or {@link ImageText#NONE} when {@code ocr.enabled} is false. */
  public ImageText imageText() {
    return ocr == null ? ImageText.NONE : ocr::text;
  }

  /** The image model, when one is configured. */
  public Optional<ClipEncoder> imageModel() {
    return Optional.ofNullable(clip);
  }

  /**
   * What ingest makes of images here: OCR text, and image vectors when an image model is loaded.
   */
  public ImageUnderstanding images() {
    return new ImageUnderstanding(
        imageText(),
        clip == null ? null : image -> clip.embedImages(java.util.List.of(image)).get(0));
  }

  /** The image model a new collection records (null without one). */
  public CollectionManifest.ImageModelSpec imageModelSpec() {
    return clip == null ? null : new CollectionManifest.ImageModelSpec(clip.id(), clip.dimension());
  }

  /** The configuration in effect. */
  public RagConfig config() {
    return config;
  }

  /** The default text model ({@code model.name}), loaded on its first call. */
  public TextEmbedder embedder() {
    return models.embedder(config.model().name());
  }

  /** The text models this server serves. */
  public ModelPool models() {
    return models;
  }

  /** The collections on disk. */
  public CollectionRegistry registry() {
    return registry;
  }

  /** The collections, checked against the running models. */
  public Collections collections() {
    return collections;
  }

  /** How files and texts become chunks here. */
  public Ingestion ingestion() {
    return new Ingestion(config.ingest(), collections, images());
  }

  /** An existing collection, its model checked. */
  public CollectionIndex collection(String name) {
    return collections.get(name);
  }

  /**
   * The collection, created for the default model with the configured defaults when it does not
   * exist yet.
   */
  public CollectionIndex collectionOrCreate(String name) {
    return collections.getOrCreate(name, null);
  }

  /** The text model a collection is embedded with. */
  public TextEmbedder embedder(CollectionIndex index) {
    return collections.embedder(index);
  }

  @Override
  public void close() {
    try {
      registry.close();
    } finally {
      models.close();
      if (ocr != null) {
        ocr.close();
      }
      if (clip != null) {
        clip.close();
      }
    }
  }
}
