package dev.ragserver.server.engine;

import dev.ragserver.config.ImageModelKind;
import dev.ragserver.config.RagConfig;
import dev.ragserver.index.Registries;
import dev.ragserver.index.collection.CollectionIndex;
import dev.ragserver.index.collection.CollectionManifest;
import dev.ragserver.index.collection.CollectionRegistry;
import dev.ragserver.index.collection.CollectionSettings;
import dev.ragserver.ingest.job.ImageUnderstanding;
import dev.ragserver.ingest.job.ImageVectors;
import dev.ragserver.ingest.loader.ImageText;
import dev.ragserver.model.Embedders;
import dev.ragserver.model.TextEmbedder;
import dev.ragserver.model.image.ImageEncoder;
import dev.ragserver.model.ocr.OcrEngine;
import dev.ragserver.model.pool.ModelPool;
import java.util.List;
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
  private final ImageEncoder image;
  private final Collections collections;

  private Engine(
      RagConfig config,
      ModelPool models,
      CollectionRegistry registry,
      OcrEngine ocr,
      ImageEncoder image) {
    this.config = config;
    this.models = models;
    this.registry = registry;
    this.ocr = ocr;
    this.image = image;
    this.collections =
        new Collections(
            registry,
            models,
            config.model().name(),
            imageModelSpec(),
            image != null && image.kind() == ImageModelKind.VISUALIZED_BGE
                ? pairedTextModel(config, models)
                : null,
            CollectionSettings.defaults(config.index()),
            ocr != null);
  }

  /** The served text model a Visualized BGE model shares its space with; fails when not served. */
  private static String pairedTextModel(RagConfig config, ModelPool models) {
    String paired = config.imageModel().pairedTextModel(config.model().name());
    if (!models.serves(paired)) {
      throw new IllegalArgumentException(
          "image_model.text_model must name a served text model (the one image model "
              + config.imageModel().name()
              + " was trained with), got: "
              + paired
              + "; served: "
              + models.names());
    }
    return paired;
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
    ImageEncoder image = null;
    CollectionRegistry registry = null;
    try {
      ocr = config.ocr().enabled() ? OcrEngine.open(config.ocr()) : null;
      image = config.imageModel().enabled() ? ImageEncoder.open(config.imageModel()) : null;
      registry =
          Registries.forConfig(config.index(), dataDir, config.search(), config.opensearch());
      return new Engine(config, models, registry, ocr, image);
    } catch (RuntimeException e) {
      if (registry != null) {
        registry.close();
      }
      models.close();
      if (ocr != null) {
        ocr.close();
      }
      if (image != null) {
        image.close();
      }
      throw e;
    }
  }

  /** OCR, or {@link ImageText#NONE} when {@code ocr.enabled} is false. */
  public ImageText imageText() {
    return ocr == null ? ImageText.NONE : ocr::text;
  }

  /** The image model, when one is configured. */
  public Optional<ImageEncoder> imageModel() {
    return Optional.ofNullable(image);
  }

  /**
   * What ingest makes of images here: OCR text, and image vectors when an image model is loaded (a
   * CLIP-style model's for the image field, a Visualized BGE model's for the dense field).
   */
  public ImageUnderstanding images() {
    if (image == null) {
      return ImageUnderstanding.ocrOnly(imageText());
    }
    return new ImageUnderstanding(
        imageText(),
        image.kind() == ImageModelKind.CLIP
            ? ImageVectors.ownSpace(i -> image.embedImages(List.of(i)).get(0))
            : ImageVectors.textModelSpace(
                (i, caption) ->
                    image
                        .embedChunkImages(List.of(i), List.of(caption == null ? "" : caption))
                        .get(0)));
  }

  /** The image model a new collection records (null without one). */
  public CollectionManifest.ImageModelSpec imageModelSpec() {
    return image == null
        ? null
        : CollectionManifest.ImageModelSpec.of(image.id(), image.dimension(), image.kind());
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
      if (image != null) {
        image.close();
      }
    }
  }
}
