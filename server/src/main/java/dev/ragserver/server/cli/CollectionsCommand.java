package dev.ragserver.server.cli;

import dev.ragserver.server.collections.CollectionJson;
import dev.ragserver.server.engine.Engine;
import dev.ragserver.server.http.Json;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./rag collections}: list the collections with their counts, or delete one. */
@Command(name = "collections", mixinStandardHelpOptions = true,
    description = "List collections (documents, chunks, size, settings); --delete NAME deletes one.")
final class CollectionsCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;
  @Spec CommandSpec spec;

  @Option(names = "--delete", paramLabel = "NAME", description = "Delete this collection and all its files.")
  String delete;

  @Option(names = "--json", description = "Print JSON, as GET /v1/collections does.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    try (Engine engine = Engine.open(config.load())) {
      PrintWriter out = spec.commandLine().getOut();
      if (delete != null) {
        engine.registry().delete(delete);
        out.println("rag: deleted collection " + delete);
        return 0;
      }
      var all = engine.registry().list().stream()
          .map(n -> CollectionJson.describe(engine.registry().describe(n, engine.embedder().info()))).toList();
      if (json) {
        out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(Map.of("collections", all)));
        return 0;
      }
      out.printf(Locale.ROOT, "%-24s %10s %10s %12s  %s%n", "collection", "documents", "chunks", "size", "model / analyzer");
      for (Map<String, Object> c : all) {
        @SuppressWarnings("unchecked")
        Map<String, Object> model = (Map<String, Object>) c.get("model");
        @SuppressWarnings("unchecked")
        Map<String, Object> settings = (Map<String, Object>) c.get("settings");
        out.printf(Locale.ROOT, "%-24s %10d %10d %10.1f MB  %s / %s%n", c.get("name"), (Long) c.get("documents"),
            (Long) c.get("chunks"), ((Long) c.get("size_bytes")) / 1e6, model.get("id"), settings.get("analyzer"));
      }
      return 0;
    }
  }
}
