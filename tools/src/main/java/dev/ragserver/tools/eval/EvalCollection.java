package dev.ragserver.tools.eval;

import dev.ragserver.config.MultiVectorPrecision;
import dev.ragserver.config.RagConfig;
import dev.ragserver.index.collection.CollectionIndex;
import dev.ragserver.index.collection.CollectionManifest;
import dev.ragserver.index.collection.CollectionSettings;
import dev.ragserver.ingest.chunk.Chunker;
import dev.ragserver.ingest.chunk.ChunkingOptions;
import dev.ragserver.ingest.job.TextDocument;
import dev.ragserver.ingest.job.TextUpsert;
import dev.ragserver.server.engine.Engine;
import dev.ragserver.tools.beir.BeirCorpus;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The collection an evaluation runs on: the dataset's corpus ingested with the running model and a
 * chunking setting, named after both and reused while the corpus, model and setting are the same (a
 * marker file in the collection folder records them). Chunking {@code 0} keeps each document whole,
 * as BEIR/MTEB evaluate (the model truncates it at its max tokens); {@code N} chunks documents with
 * the ingest chunker at N tokens. A token-vector precision other than the default int8 ({@code
 * index.multi_vector_precision}) is part of the name and the marker too, so each precision gets a
 * collection of its own.
 */
public final class EvalCollection {
  private static final String MARKER = "eval.txt";

  private EvalCollection() {}

  /** The collection's name for this dataset, model and chunking. */
  public static String name(
      BeirDataset dataset, String model, int chunkTokens, MultiVectorPrecision precision) {
    String base =
        dataset
            .folder()
            .getFileName()
            .toString()
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9]+", "-");
    String m = model.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    return ("eval-"
            + base
            + "-"
            + m
            + "-"
            + (chunkTokens == 0 ? "whole" : "c" + chunkTokens)
            + precisionSuffix(precision))
        .replaceAll("-+", "-");
  }

  private static String precisionSuffix(MultiVectorPrecision precision) {
    return precision == MultiVectorPrecision.INT8
        ? ""
        : "-" + precision.name().toLowerCase(Locale.ROOT);
  }

  /** The folder under the data folder that holds evaluation collections, apart from served ones. */
  public static final String FOLDER = "_eval";

  /**
   * Where evaluation collections live: {@code index.data_dir/_eval} (a name no collection can have,
   * so {@code ./rag serve} never lists them).
   */
  public static Path folder(RagConfig config) {
    return Path.of(config.index().dataDir()).resolve(FOLDER);
  }

  /**
   * Opens the collection on the embedded backend, building it first when missing or built from
   * something else.
   */
  public static CollectionIndex open(
      Engine engine, BeirDataset dataset, int chunkTokens, PrintWriter log) throws IOException {
    return open(engine, dataset, chunkTokens, false, log);
  }

  /**
   * Opens the collection, building it first when it is missing or was built from something else;
   * with {@code onOpenSearch}, on the OpenSearch backend ({@code opensearch.*}; the name ends in
   * {@code -opensearch}).
   */
  public static CollectionIndex open(
      Engine engine, BeirDataset dataset, int chunkTokens, boolean onOpenSearch, PrintWriter log)
      throws IOException {
    MultiVectorPrecision precision = engine.config().index().multiVectorPrecision();
    String name =
        name(dataset, engine.embedder().info().id(), chunkTokens, precision)
            + (onOpenSearch ? "-opensearch" : "");
    String fingerprint =
        "corpus "
            + dataset.corpus().toAbsolutePath()
            + " "
            + Files.size(dataset.corpus())
            + " bytes, "
            + "model "
            + engine.embedder().info().id()
            + ", chunk_tokens "
            + chunkTokens
            + (precision == MultiVectorPrecision.INT8
                ? ""
                : ", multi_vector_precision " + precision)
            + (onOpenSearch ? ", opensearch" : "")
            + "\n";
    if (engine.registry().exists(name)) {
      CollectionIndex existing = engine.collection(name);
      Path marker = existing.directory().resolve(MARKER);
      if (Files.isRegularFile(marker) && Files.readString(marker).equals(fingerprint)) {
        log.printf(
            Locale.ROOT, "reusing collection %s (%,d chunks)%n", name, existing.stats().chunks());
        return existing;
      }
      engine.registry().delete(name);
    }
    CollectionIndex index =
        onOpenSearch
            ? engine
                .registry()
                .create(
                    name,
                    CollectionSettings.defaults(engine.config().index()),
                    engine.embedder().info(),
                    null,
                    new CollectionManifest.OpenSearchIndex(
                        engine.config().opensearch().indexPrefix() + name,
                        engine.config().opensearch().shards(),
                        engine.config().opensearch().replicas()))
            : engine
                .registry()
                .create(
                    name,
                    CollectionSettings.defaults(engine.config().index()),
                    engine.embedder().info(),
                    null);
    List<BeirCorpus.Document> docs = BeirCorpus.read(dataset.corpus(), Integer.MAX_VALUE);
    Chunker chunker =
        new Chunker(
            engine.embedder().tokenCounter(),
            new ChunkingOptions(
                chunkTokens == 0 ? 100_000 : chunkTokens,
                chunkTokens == 0 ? 0 : Math.min(40, chunkTokens / 4),
                chunkTokens == 0 ? 0 : Math.min(40, chunkTokens / 4)));
    TextUpsert upsert = new TextUpsert(index, engine.embedder(), chunker);
    long t0 = System.nanoTime();
    List<TextDocument> batch = new ArrayList<>();
    int done = 0;
    for (BeirCorpus.Document d : docs) {
      String text = d.titleAndText();
      if (text.isBlank()) {
        continue;
      }
      batch.add(
          chunkTokens == 0
              ? new TextDocument(d.id(), null, List.of(text), d.title(), d.id(), null)
              : new TextDocument(d.id(), text, null, d.title(), d.id(), null));
      if (batch.size() == 128) {
        upsert.upsert(batch);
        done += batch.size();
        batch.clear();
        log.printf(
            Locale.ROOT,
            "  built %,d of %,d documents (%.1f docs/s)%n",
            done,
            docs.size(),
            done / ((System.nanoTime() - t0) / 1e9));
        log.flush();
      }
    }
    upsert.upsert(batch);
    index.forceMerge(1);
    Files.writeString(index.directory().resolve(MARKER), fingerprint, StandardCharsets.UTF_8);
    log.printf(
        Locale.ROOT,
        "built collection %s: %,d documents, %,d chunks in %.0f s%n",
        name,
        docs.size(),
        index.stats().chunks(),
        (System.nanoTime() - t0) / 1e9);
    return index;
  }
}
