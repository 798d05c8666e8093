package dev.ragserver.server.cli;

import dev.ragserver.api.collections.CreateCollection;
import dev.ragserver.index.collection.CollectionIndex;
import dev.ragserver.ingest.job.FileWalker;
import dev.ragserver.ingest.job.IngestJob;
import dev.ragserver.ingest.job.IngestPlan;
import dev.ragserver.ingest.job.JobState;
import dev.ragserver.ingest.job.JobStatus;
import dev.ragserver.ingest.job.Shard;
import dev.ragserver.server.collections.CollectionsController;
import dev.ragserver.server.engine.Collections;
import dev.ragserver.server.engine.Engine;
import dev.ragserver.server.http.ApiException;
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
      names = "--model",
      paramLabel = "MODEL",
      description =
          "Text model of a new collection (default: model.name; an existing collection keeps its"
              + " own and must match).")
  String model;

  @Option(
      names = "--language",
      paramLabel = "LANG",
      description =
          "Language of a new collection: en, zh or multilingual; picks its model and analyzer"
              + " (docs/http-api.md).")
  String language;

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

  @Option(
      names = "--shard",
      paramLabel = "I/N",
      description =
          "Ingest only this worker's share of the files when N workers (on N machines) ingest the"
              + " same paths into one collection, e.g. 1/2 and 2/2: each file's document id picks"
              + " its shard. Not with --sync: when every shard has finished, run once without"
              + " --shard (it skips what the shards committed).")
  String shard;

  /**
   * The collection, created with {@code --model}/{@code --language} when it does not exist; an
   * existing one must hold the model asked for. A shard never creates one (its share would land
   * apart from the other workers').
   */
  private CollectionIndex openOrCreate(Engine engine, Shard share) {
    Collections collections = engine.collections();
    CreateCollection body = CreateCollection.defaults().withModel(model).withLanguage(language);
    Collections.Creation creation;
    try {
      creation =
          CollectionsController.creation(
              collections, engine.config().opensearch(), collection, body);
    } catch (ApiException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    if (collections.exists(collection)) {
      CollectionIndex index = collections.get(collection);
      String held = index.manifest().model().id();
      if ((model != null || language != null) && !held.equals(creation.model())) {
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(),
            "collection "
                + collection
                + " holds embeddings of model "
                + held
                + ", not "
                + creation.model());
      }
      return index;
    }
    if (!share.isAll()) {
      // a worker that made its own collection would ingest its shard there, apart from the others
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(),
          "--shard: collection "
              + collection
              + " does not exist, here or on the cluster; the workers of a sharded load write to"
              + " one collection: create it once (PUT /v1/collections/"
              + collection
              + " with \"backend\": \"opensearch\" on any server over the cluster), and every"
              + " worker with the same opensearch.hosts finds it");
    }
    CollectionIndex index = collections.create(collection, creation);
    spec.commandLine()
        .getErr()
        .println("rag: created collection " + collection + " (model " + creation.model() + ")");
    return index;
  }

  /** The worker's shard ({@link Shard#ALL} without {@code --shard}), checked before any work. */
  private Shard shard() {
    if (shard == null) {
      return Shard.ALL;
    }
    Shard share;
    try {
      share = Shard.parse(shard);
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--shard: " + e.getMessage());
    }
    if (sync && !share.isAll()) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--" + Shard.NO_SYNC);
    }
    return share;
  }

  @Override
  public Integer call() throws InterruptedException {
    Shard share = shard();
    try (Engine engine = Engine.open(config.load())) {
      CollectionIndex index = openOrCreate(engine, share);
      IngestPlan whole;
      try {
        whole = new FileWalker(engine.config().ingest()).plan(paths, idPrefix);
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
      IngestPlan plan = whole.shard(share);
      if (!share.isAll()) {
        spec.commandLine()
            .getErr()
            .println(
                "rag: shard "
                    + share
                    + " takes "
                    + plan.inputs().size()
                    + " of the "
                    + whole.inputs().size()
                    + " files");
      }
      IngestJob job =
          IngestJob.of(
              UUID.randomUUID().toString(),
              collection,
              plan,
              index,
              engine.embedder(index),
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
      CliAudit.write(
          engine.config(),
          "./rag ingest",
          java.util.Map.of(
              "collection", collection,
              "files", end.filesTotal(),
              "files_failed", end.filesFailed(),
              "chunks", end.chunks(),
              "state", end.state().id()));
      return end.state() == JobState.SUCCEEDED ? 0 : 1;
    }
  }
}
