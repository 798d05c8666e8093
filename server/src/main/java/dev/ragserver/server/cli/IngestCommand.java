package dev.ragserver.server.cli;

import dev.ragserver.index.collection.CollectionIndex;
import dev.ragserver.ingest.job.FileWalker;
import dev.ragserver.ingest.job.IngestJob;
import dev.ragserver.ingest.job.IngestPlan;
import dev.ragserver.ingest.job.JobState;
import dev.ragserver.ingest.job.JobStatus;
import dev.ragserver.server.engine.Engine;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./rag ingest}: files and folders into a collection. */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = {
      "Ingest files and folders (text, Markdown, HTML, PDF, images) into a collection.",
      "Unchanged files are skipped; changed files replace their chunks; Ctrl-C stops after the files in hand,"
          + " and running the same command again continues. Exit status 1 when any file failed."
    })
final class IngestCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "PATH", arity = "1..*", description = "Files and folders to ingest.")
  List<Path> paths;

  @Option(
      names = {"-c", "--collection"},
      required = true,
      paramLabel = "NAME",
      description = "Collection to write to (created with the configured defaults if missing).")
  String collection;

  @Option(
      names = "--meta",
      paramLabel = "KEY=VALUE",
      description = "Metadata for every chunk (repeatable); true/false and numbers are typed.")
  Map<String, String> meta = new LinkedHashMap<>();

  @Option(
      names = "--id-prefix",
      paramLabel = "PREFIX",
      defaultValue = "",
      description =
          "Put before every document id and source, e.g. team-a/ (ids are paths relative to the"
              + " folder given, its name first: samples/lighthouses.md).")
  String idPrefix;

  @Option(
      names = "--sync",
      description = "Also delete documents under these paths whose files are gone.")
  boolean sync;

  @Override
  public Integer call() throws InterruptedException {
    try (Engine engine = Engine.open(config.load())) {
      boolean existed = engine.registry().exists(collection);
      CollectionIndex index = engine.collectionOrCreate(collection);
      if (!existed) {
        spec.commandLine().getErr().println("rag: created collection " + collection);
      }
      IngestPlan plan;
      try {
        plan = new FileWalker(engine.config().ingest()).plan(paths, idPrefix);
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
      IngestJob job =
          IngestJob.of(
              UUID.randomUUID().toString(),
              collection,
              plan,
              index,
              engine.embedder(),
              engine.config().ingest(),
              engine.images(),
              MetadataValues.parse(meta),
              sync);
      CountDownLatch done = new CountDownLatch(1);
      Thread onInterrupt =
          new Thread(
              () -> {
                job.cancel();
                try {
                  done.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException ignored) {
                  Thread.currentThread().interrupt();
                }
              },
              "ingest-cancel");
      Runtime.getRuntime().addShutdownHook(onInterrupt);
      JobStatus end;
      ProgressPrinter progress =
          new ProgressPrinter(
                  job::status, spec.commandLine().getErr(), ProgressPrinter.isTerminal())
              .start();
      try {
        end = job.run();
      } finally {
        progress.close();
        done.countDown();
      }
      try {
        Runtime.getRuntime().removeShutdownHook(onInterrupt);
      } catch (IllegalStateException shuttingDown) {
        // Ctrl-C: the hook is running and waits for the summary below
      }
      ProgressPrinter.summary(end, spec.commandLine().getOut());
      spec.commandLine().getOut().flush();
      return end.state() == JobState.SUCCEEDED ? 0 : 1;
    }
  }
}
