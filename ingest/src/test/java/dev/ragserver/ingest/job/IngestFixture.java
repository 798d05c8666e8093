package dev.ragserver.ingest.job;

import dev.ragserver.config.IngestConfig;
import dev.ragserver.config.RagConfig;
import dev.ragserver.index.Registries;
import dev.ragserver.index.collection.CollectionIndex;
import dev.ragserver.index.collection.CollectionRegistry;
import dev.ragserver.index.collection.CollectionSettings;
import dev.ragserver.model.Embedders;
import dev.ragserver.model.TextEmbedder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The built-in model and a collection under a temporary folder, for job tests. */
final class IngestFixture implements AutoCloseable {
  static final RagConfig CONFIG = RagConfig.defaults();
  final TextEmbedder embedder;
  final CollectionRegistry registry;
  final CollectionIndex index;

  /** OCR and image vectors for the jobs this fixture runs (none unless a test sets them). */
  ImageUnderstanding images = ImageUnderstanding.NONE;

  IngestFixture(Path data) {
    this(data, Embedders.open(CONFIG.model()));
  }

  IngestFixture(Path data, TextEmbedder embedder) {
    this.embedder = embedder;
    this.registry = Registries.embedded(data, 1000, CONFIG.search());
    this.index =
        registry.exists("docs")
            ? registry.get("docs", embedder.info())
            : registry.create(
                "docs", CollectionSettings.defaults(CONFIG.index()), embedder.info(), null);
  }

  JobStatus ingest(List<Path> roots, boolean sync) {
    return ingest(roots, Map.of(), sync, CONFIG.ingest());
  }

  JobStatus ingest(List<Path> roots, Map<String, Object> meta, boolean sync, IngestConfig config) {
    IngestPlan plan = new FileWalker(config).plan(roots);
    return IngestJob.of("job-1", "docs", plan, index, embedder, config, images, meta, sync).run();
  }

  @Override
  public void close() {
    registry.close();
    embedder.close();
  }
}
