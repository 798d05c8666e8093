package dev.ragserver.ingest.job;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Child JVM of {@link IngestCrashTest}: ingests a folder, committing after every file, until
 * killed.
 */
public final class CrashingIngest {
  private CrashingIngest() {}

  public static void main(String[] args) {
    Path data = Path.of(args[0]);
    Path docs = Path.of(args[1]);
    try (IngestFixture f = new IngestFixture(data)) {
      var config = IngestFixture.CONFIG.ingest();
      var plan = new FileWalker(config).plan(List.of(docs));
      var job =
          IngestJob.of(
              "crash",
              "docs",
              plan,
              f.index,
              f.embedder,
              config,
              ImageUnderstanding.NONE,
              Map.of(),
              false);
      var slow =
          new IngestJob(
              "crash",
              "docs",
              plan,
              f.index,
              f.embedder,
              preparer(f, config),
              new IngestJob.Options(1, 1, Duration.ZERO, false));
      System.out.println("STARTED " + job.id());
      slow.run();
      System.out.println("DONE");
    }
  }

  private static DocumentPreparer preparer(
      IngestFixture f, dev.ragserver.config.IngestConfig config) {
    var loaders =
        new dev.ragserver.ingest.loader.Loaders(
            dev.ragserver.ingest.loader.LoaderLimits.of(config));
    var chunker =
        new dev.ragserver.ingest.chunk.Chunker(
            f.embedder.tokenCounter(), dev.ragserver.ingest.chunk.ChunkingOptions.of(config));
    return new DocumentPreparer(
        loaders,
        chunker,
        f.index,
        Map.of(),
        config.chunkOverlapTokens(),
        config.minChunkTokens(),
        null);
  }
}
