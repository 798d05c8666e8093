package dev.ragserver.server.cli;

import dev.ragserver.api.snapshots.SnapshotView;
import dev.ragserver.server.engine.Engine;
import dev.ragserver.server.snapshots.Snapshots;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./rag snapshot COLLECTION}: a snapshot archive of an embedded collection. */
@Command(
    name = "snapshot",
    mixinStandardHelpOptions = true,
    description = {
      "Take a snapshot of a collection into the data folder's .snapshots/ (as POST",
      "/v1/collections/{c}/snapshots does), and copy it to --out FILE if given. With a server",
      "running on the same data folder, use the HTTP route instead (it holds the index)."
    })
final class SnapshotCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "COLLECTION", description = "The collection.")
  String collection;

  @Option(names = "--out", paramLabel = "FILE", description = "Also copy the archive here.")
  Path out;

  @Override
  public Integer call() throws Exception {
    try (Engine engine = Engine.open(config.load())) {
      Snapshots snapshots =
          new Snapshots(engine.collections(), Path.of(engine.config().index().dataDir()));
      SnapshotView v = snapshots.create(collection);
      Path archive = snapshots.archive(collection, v.id()).orElseThrow();
      if (out != null) {
        Files.copy(archive, out, StandardCopyOption.REPLACE_EXISTING);
        archive = out;
      }
      CliAudit.write(
          engine.config(),
          "./rag snapshot",
          java.util.Map.of("collection", collection, "snapshot", v.id(), "chunks", v.chunks()));
      PrintWriter w = spec.commandLine().getOut();
      w.printf(
          "rag: snapshot %s of %s: %d chunks, %.1f MB in %s%n",
          v.id(), collection, v.chunks(), v.sizeBytes() / 1e6, archive);
      return 0;
    }
  }
}
