package dev.ragserver.server.cli;

import dev.ragserver.index.snapshot.SnapshotInfo;
import dev.ragserver.server.engine.Engine;
import dev.ragserver.server.snapshots.Snapshots;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./rag restore ARCHIVE --collection NAME}: a snapshot archive as a new collection. */
@Command(
    name = "restore",
    mixinStandardHelpOptions = true,
    description = {
      "Restore a snapshot archive (./rag snapshot, or downloaded from",
      "/v1/collections/{c}/snapshots/{id}) as a new collection: checked whole first (every file,",
      "Lucene's CheckIndex); a damaged or cut-short archive is refused and leaves nothing behind."
    })
final class RestoreCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "ARCHIVE", description = "The snapshot archive (.zip).")
  Path archive;

  @Option(
      names = {"-c", "--collection"},
      required = true,
      paramLabel = "NAME",
      description = "The new collection's name (it must not exist).")
  String collection;

  @Override
  public Integer call() throws Exception {
    try (Engine engine = Engine.open(config.load())) {
      SnapshotInfo info =
          new Snapshots(engine.collections(), Path.of(engine.config().index().dataDir()))
              .restore(collection, archive);
      CliAudit.write(
          engine.config(),
          "./rag restore",
          java.util.Map.of(
              "collection", collection, "snapshot", info.id(), "restore_from", info.collection()));
      spec.commandLine()
          .getOut()
          .printf(
              "rag: restored %s (snapshot %s of %s, %d chunks)%n",
              collection, info.id(), info.collection(), info.chunks());
      return 0;
    }
  }
}
