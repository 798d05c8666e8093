package dev.ragserver.server.cli;

import dev.ragserver.api.collections.CollectionEntry;
import dev.ragserver.api.collections.CollectionView;
import dev.ragserver.server.collections.CollectionsController;
import dev.ragserver.server.engine.Engine;
import dev.ragserver.server.http.Json;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./rag collections}: list the collections with their counts, or delete one. */
@Command(
    name = "collections",
    mixinStandardHelpOptions = true,
    description =
        "List collections (documents, chunks, size, settings); --delete NAME deletes one.")
final class CollectionsCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;
  @Spec CommandSpec spec;

  @Option(
      names = "--delete",
      paramLabel = "NAME",
      description = "Delete this collection and all its files.")
  String delete;

  @Option(names = "--json", description = "Print JSON, as GET /v1/collections does.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    try (Engine engine = Engine.open(config.load())) {
      PrintWriter out = spec.commandLine().getOut();
      if (delete != null) {
        engine.collections().delete(delete);
        CliAudit.write(
            engine.config(), "./rag collections --delete", java.util.Map.of("collection", delete));
        out.println("rag: deleted collection " + delete);
        return 0;
      }
      List<CollectionEntry> all = CollectionsController.entries(engine.collections());
      if (json) {
        out.println(
            Json.MAPPER
                .writerWithDefaultPrettyPrinter()
                .writeValueAsString(new CollectionEntry.Listing(all)));
        return 0;
      }
      out.printf(
          Locale.ROOT,
          "%-24s %10s %10s %12s  %s%n",
          "collection",
          "documents",
          "chunks",
          "size",
          "model / analyzer");
      for (CollectionEntry e : all) {
        switch (e) {
          case CollectionView c ->
              out.printf(
                  Locale.ROOT,
                  "%-24s %10d %10d %10.1f MB  %s / %s%n",
                  c.name(),
                  c.documents(),
                  c.chunks(),
                  c.sizeBytes() / 1e6,
                  c.model().id(),
                  c.settings().analyzer());
          case CollectionEntry.Unavailable u ->
              out.printf(
                  Locale.ROOT,
                  "%-24s %10s %10s %13s  %s: cannot serve: %s%n",
                  u.name(),
                  "-",
                  "-",
                  "-",
                  u.model() == null ? "?" : u.model().id(),
                  u.error());
        }
      }
      return 0;
    }
  }
}
