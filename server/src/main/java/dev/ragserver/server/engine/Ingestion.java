package dev.ragserver.server.engine;

import dev.ragserver.config.IngestConfig;
import dev.ragserver.index.collection.CollectionIndex;
import dev.ragserver.ingest.chunk.Chunker;
import dev.ragserver.ingest.chunk.ChunkingOptions;
import dev.ragserver.ingest.job.FileWalker;
import dev.ragserver.ingest.job.ImageUnderstanding;
import dev.ragserver.ingest.job.ImageVectors;
import dev.ragserver.ingest.job.IngestJob;
import dev.ragserver.ingest.job.IngestPlan;
import dev.ragserver.ingest.job.TextUpsert;
import dev.ragserver.model.TextEmbedder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How this server turns files and texts into chunks: the ingest settings, each collection's text
 * model and what it makes of images (OCR, image vectors). What the job and document routes get
 * instead of the whole {@link Engine}.
 */
public final class Ingestion {
  private final IngestConfig config;
  private final Collections collections;
  private final ImageUnderstanding images;

  /**
   * @param collections gives each collection's text model
   */
  public Ingestion(IngestConfig config, Collections collections, ImageUnderstanding images) {
    this.config = config;
    this.collections = collections;
    this.images = images;
  }

  /**
   * The files under these paths that a job would ingest (globs, hidden files, limits applied),
   * reading only files whose real path lies in one of {@code realRoots}: links leading out are
   * reported per file.
   *
   * @param idPrefix put before every document id and source ("" for none)
   */
  public IngestPlan plan(List<Path> paths, List<Path> realRoots, String idPrefix) {
    return FileWalker.within(config, realRoots).plan(paths, idPrefix);
  }

  /** A job writing a plan's files to a collection. */
  public IngestJob job(
      String id,
      CollectionIndex index,
      IngestPlan plan,
      Map<String, Object> metadata,
      boolean sync) {
    return IngestJob.of(
        id,
        index.manifest().name(),
        plan,
        index,
        collections.embedder(index),
        config,
        imagesFor(index),
        metadata,
        sync);
  }

  /**
   * What ingest makes of images for this collection: OCR, and image vectors when it records an
   * image model (a collection created without one gets none); when this server does not run the
   * image model the collection records, documents with images fail saying so.
   */
  private ImageUnderstanding imagesFor(CollectionIndex index) {
    if (index.manifest().imageModel() == null) {
      return ImageUnderstanding.ocrOnly(images.ocr());
    }
    return collections
        .imageModelProblem(index.manifest())
        .map(
            why ->
                new ImageUnderstanding(
                    images.ocr(), ImageVectors.refused(why + ": its images cannot be embedded")))
        .orElse(images);
  }

  /** Whole texts or pre-made chunks written to a collection (the JSON upsert). */
  public TextUpsert textUpsert(CollectionIndex index) {
    TextEmbedder embedder = collections.embedder(index);
    return new TextUpsert(
        index, embedder, new Chunker(embedder.tokenCounter(), ChunkingOptions.of(config)));
  }
}
