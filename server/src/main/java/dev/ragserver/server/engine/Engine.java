package dev.ragserver.server.engine;

import dev.ragserver.config.RagConfig;
import dev.ragserver.index.collection.CollectionIndex;
import dev.ragserver.index.collection.CollectionRegistry;
import dev.ragserver.index.collection.CollectionSettings;
import dev.ragserver.ingest.loader.ImageText;
import dev.ragserver.model.Embedders;
import dev.ragserver.model.TextEmbedder;
import dev.ragserver.model.ocr.OcrEngine;
import java.nio.file.Path;

/** Configuration, model and collections, opened once. Thread-safe. */
public final class Engine implements AutoCloseable {
  private final RagConfig config;
  private final TextEmbedder embedder;
  private final CollectionRegistry registry;
  private final OcrEngine ocr;

  private Engine(RagConfig config, TextEmbedder embedder, CollectionRegistry registry, OcrEngine ocr) {
    this.config = config;
    this.embedder = embedder;
    this.registry = registry;
    this.ocr = ocr;
  }

  /** Loads the configured model (and OCR models when {@code ocr.enabled}) and opens the data folder. */
  public static Engine open(RagConfig config) {
    TextEmbedder embedder = Embedders.open(config.model());
    OcrEngine ocr = null;
    try {
      ocr = config.ocr().enabled() ? OcrEngine.open(config.ocr()) : null;
      CollectionRegistry registry = new CollectionRegistry(Path.of(config.index().dataDir()),
          config.index().refreshIntervalMs(), config.search());
      return new Engine(config, embedder, registry, ocr);
    } catch (RuntimeException e) {
      embedder.close();
      if (ocr != null) {
        ocr.close();
      }
      throw e;
    }
  }

  /** OCR for ingest: the OCR engine, or {@link ImageText#NONE} when {@code ocr.enabled} is false. */
  public ImageText imageText() {
    return ocr == null ? ImageText.NONE : ocr::text;
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
      if (ocr != null) {
        ocr.close();
      }
    }
  }
}
