package dev.ragserver.server.cli;

import dev.ragserver.index.collection.CollectionIndex;
import dev.ragserver.ingest.job.FileWalker;
import dev.ragserver.ingest.job.IngestJob;
import dev.ragserver.ingest.job.JobStatus;
import dev.ragserver.server.engine.Engine;
import dev.ragserver.server.http.ServerApp;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./rag demo}: the server on the built-in model with the bundled sample documents. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Ingest the bundled samples (Markdown, HTML, PDF, an image, Chinese text) into collection \"demo\",",
      "start the server and print ready-to-paste curl queries. Ctrl-C stops it."
    })
public final class DemoCommand implements Callable<Integer> {
  public static final String COLLECTION = "demo";

  @Mixin ConfigOptions config;
  @Spec CommandSpec spec;

  @Option(
      names = "--samples",
      paramLabel = "DIR",
      description = "Folder to ingest (default: the project's samples/).")
  Path samples;

  @Option(
      names = {"-p", "--port"},
      paramLabel = "PORT",
      description = "Port (overrides server.port).")
  Integer port;

  /**
   * Ingests the sample folder into collection {@value #COLLECTION} (created if missing), as {@code
   * ./rag demo} does before it serves; a re-run skips the files that have not changed.
   */
  public static JobStatus loadSamples(Engine engine, Path folder) {
    CollectionIndex index = engine.collectionOrCreate(COLLECTION);
    return IngestJob.of(
            "demo",
            COLLECTION,
            new FileWalker(engine.config().ingest()).plan(List.of(folder)),
            index,
            engine.embedder(index),
            engine.config().ingest(),
            engine.images(),
            Map.of("collection_source", "samples"),
            true)
        .run();
  }

  @Override
  public Integer call() throws InterruptedException {
    if (port != null) {
      config.overrides.put("server.port", port.toString());
    }
    Path folder =
        samples != null ? samples : Path.of(System.getProperty("rag.home", ".")).resolve("samples");
    if (!Files.isDirectory(folder)) {
      throw new IllegalArgumentException(
          "sample folder not found: " + folder.toAbsolutePath() + " (pass --samples DIR)");
    }
    PrintWriter out = spec.commandLine().getOut();
    Engine engine = Engine.open(config.load());
    try {
      JobStatus status = loadSamples(engine, folder);
      CollectionIndex index = engine.collectionOrCreate(COLLECTION);
      ProgressPrinter.summary(status, out);
      ServerApp server = ServerApp.start(engine);
      String base = "http://" + server.host() + ":" + server.port();
      String auth = server.keysEnabled() ? " -H \"Authorization: Bearer $RAG_KEY\"" : "";
      out.printf(
          """

          rag demo: %s serving collection "%s" on %s (model %s).
          Open %s/ in a browser for the web console, or try:

            curl -s%s %s/v1/collections/demo | jq
            curl -s%s %s/v1/collections/demo/query -H 'Content-Type: application/json' \\
                 -d '{"query": "how does a lighthouse beam reach so far?", "top_k": 3, "explain": true}' | jq
            curl -s%s %s/v1/collections/demo/query -H 'Content-Type: application/json' \\
                 -d '{"query": "什么是混合检索", "top_k": 3}' | jq '.hits[] | {source, text}'
            curl -s%s %s/v1/collections/demo/query -H 'Content-Type: application/json' \\
                 -d '{"query": "lamp replaced with LED", "filter": {"field": "file_type", "equals": "pdf"}}' | jq '.hits[0]'
            curl -s%s %s/retrieval -H 'Content-Type: application/json' \\
                 -d '{"knowledge_id": "demo", "query": "spring tides", "retrieval_setting": {"top_k": 2, "score_threshold": 0.1}}' | jq
            curl -s%s %s/v1/embeddings -H 'Content-Type: application/json' -d '{"input": "hello"}' | jq '.data[0].embedding | length'
            ./rag search -c demo "largest tidal range"

          OpenAPI: %s/v1/openapi.json · metrics: %s/metrics · Ctrl-C stops.
          """,
          index.stats().documents() + " documents",
          COLLECTION,
          base,
          index.manifest().model().id(),
          base,
          auth,
          base,
          auth,
          base,
          auth,
          base,
          auth,
          base,
          auth,
          base,
          auth,
          base,
          base,
          base);
      out.flush();
      ServeCommand.awaitShutdown(server, engine);
      return 0;
    } catch (RuntimeException e) {
      engine.close();
      throw e;
    }
  }
}
