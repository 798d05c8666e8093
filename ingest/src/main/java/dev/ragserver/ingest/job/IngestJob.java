package dev.ragserver.ingest.job;

import dev.ragserver.config.IngestConfig;
import dev.ragserver.index.collection.BulkLoad;
import dev.ragserver.index.collection.CollectionIndex;
import dev.ragserver.ingest.chunk.Chunker;
import dev.ragserver.ingest.chunk.ChunkingOptions;
import dev.ragserver.ingest.loader.LoaderLimits;
import dev.ragserver.ingest.loader.Loaders;
import dev.ragserver.model.EmbeddingBatch;
import dev.ragserver.model.TextEmbedder;
import dev.ragserver.model.concurrent.Futures;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one ingest: parse threads read, parse and chunk files ahead of the caller's thread, which
 * embeds chunks in batches and writes whole documents to the index, committing every {@code
 * commitInterval}. Unchanged files are skipped without embedding; a file that fails is listed with
 * its reason and the job goes on; with {@code sync}, documents under the job's folders whose files
 * are gone are deleted. Cancel (or a crash) loses at most the uncommitted tail: running the same
 * job again skips every committed file.
 */
public final class IngestJob {
  private final String id;
  private final IngestPlan plan;
  private final CollectionIndex index;
  private final TextEmbedder embedder;
  private final DocumentPreparer preparer;
  private final int parseThreads;
  private final int batchChunks;
  private final Duration commitInterval;
  private final boolean sync;

  /** How often a job waiting on a parse thread looks whether it was cancelled. */
  private static final long CANCEL_POLL_MS = 100;

  private final AtomicBoolean cancelled = new AtomicBoolean();
  // 16 M floats (64 MB) of remembered embeddings: a few hundred chunks with token vectors
  private final DistinctTexts distinct = new DistinctTexts(16L << 20);

  /** Set by {@link #run}; used by the job thread only. */
  private BatchWriter writer;

  private final JobProgress progress;

  /**
   * @param id job id
   * @param collection name of the collection (for the status)
   * @param plan what to ingest
   * @param index where to write
   * @param embedder the collection's model
   * @param preparer reads, parses and chunks files
   * @param options threads, batch size, commit interval and sync
   */
  public IngestJob(
      String id,
      String collection,
      IngestPlan plan,
      CollectionIndex index,
      TextEmbedder embedder,
      DocumentPreparer preparer,
      Options options) {
    this.id = id;
    this.plan = plan;
    this.index = index;
    this.embedder = embedder;
    this.preparer = preparer;
    this.parseThreads = options.parseThreads();
    this.batchChunks = options.batchChunks();
    this.commitInterval = options.commitInterval();
    this.sync = options.sync();
    this.progress =
        new JobProgress(
            id,
            collection,
            plan.inputs().size() + plan.walkFailures().size(),
            plan.walkFailures().size());
  }

  /**
   * How a job runs.
   *
   * @param parseThreads threads parsing ahead of the embedder
   * @param batchChunks chunks per embedding call
   * @param commitInterval how often progress is made durable
   * @param sync whether documents whose files are gone are deleted
   */
  public record Options(int parseThreads, int batchChunks, Duration commitInterval, boolean sync) {
    public Options {
      if (parseThreads < 1) {
        throw new IllegalArgumentException("parseThreads must be at least 1, got: " + parseThreads);
      }
      if (batchChunks < 1) {
        throw new IllegalArgumentException("batchChunks must be at least 1, got: " + batchChunks);
      }
      if (commitInterval.isNegative()) {
        throw new IllegalArgumentException(
            "commitInterval must not be negative, got: " + commitInterval);
      }
    }
  }

  /**
   * A job with the settings of the ingest configuration.
   *
   * @param images OCR and image vectors ({@link ImageUnderstanding#NONE}: neither)
   * @param metadata user metadata added to every chunk
   * @param sync whether documents whose files are gone are deleted
   */
  public static IngestJob of(
      String id,
      String collection,
      IngestPlan plan,
      CollectionIndex index,
      TextEmbedder embedder,
      IngestConfig config,
      ImageUnderstanding images,
      Map<String, Object> metadata,
      boolean sync) {
    var loaders = new Loaders(LoaderLimits.of(config), images.ocr());
    var chunker = new Chunker(embedder.tokenCounter(), ChunkingOptions.of(config));
    var preparer =
        new DocumentPreparer(
            loaders,
            chunker,
            index,
            metadata,
            config.chunkOverlapTokens(),
            config.minChunkTokens(),
            index.manifest().imageModel() == null ? null : images.vectors());
    var options =
        new Options(
            config.effectiveParseThreads(),
            config.embedBatchChunks(),
            Duration.ofSeconds(config.commitIntervalSeconds()),
            sync);
    return new IngestJob(id, collection, plan, index, embedder, preparer, options);
  }

  /** Asks the job to stop after the documents in hand; what is committed stays. */
  public void cancel() {
    cancelled.set(true);
  }

  /** The job's id. */
  public String id() {
    return id;
  }

  /** Runs the job on this thread and returns its final status. */
  public JobStatus run() {
    progress.started();
    for (FileFailure f : plan.walkFailures()) {
      progress.failed(f.path(), f.reason());
    }
    ExecutorService parsers =
        Executors.newFixedThreadPool(
            parseThreads,
            r -> {
              Thread t = new Thread(r, "ingest-parse-" + id);
              t.setDaemon(true);
              return t;
            });
    writer = new BatchWriter(id, index, progress);
    BulkLoad bulk = BulkLoad.NONE;
    try {
      // fewer, larger segments while the job writes (every commit still makes its work visible)
      bulk = index.beginBulkLoad();
      ingestAll(parsers);
      writer.await();
      if (sync && !cancelled.get()) {
        deleteGone();
      }
      writer.commitNow();
      progress.finish(
          cancelled.get()
              ? JobState.CANCELLED
              : progress.failedCount() > 0 ? JobState.PARTIAL : JobState.SUCCEEDED,
          "");
    } catch (RuntimeException | Error e) {
      try {
        writer.commitNow();
      } catch (RuntimeException ignored) {
        // the index itself is broken; the message below says what stopped the job
      }
      progress.finish(JobState.FAILED, String.valueOf(e.getMessage() == null ? e : e.getMessage()));
      if (e instanceof Error err && !(e instanceof StackOverflowError)) {
        throw err;
      }
    } finally {
      parsers.shutdownNow();
      writer.close();
      try {
        bulk.close();
      } catch (RuntimeException e) {
        // the job's work is committed (and visible); a failed last refresh only delays searches
      }
    }
    return status();
  }

  private void ingestAll(ExecutorService parsers) {
    Deque<Future<PreparedDocument>> window = new ArrayDeque<>();
    List<PreparedDocument> pending = new ArrayList<>();
    int pendingChunks = 0;
    long lastCommit = System.nanoTime();
    int next = 0;
    List<IngestInput> inputs = plan.inputs();
    int ahead = parseThreads * 2 + 2;
    while (!cancelled.get() && (next < inputs.size() || !window.isEmpty())) {
      while (next < inputs.size() && window.size() < ahead) {
        IngestInput input = inputs.get(next++);
        window.add(parsers.submit(() -> preparer.prepare(input)));
      }
      PreparedDocument doc = take(window.poll());
      if (doc == null) {
        break; // cancelled while a parse thread was still reading the document
      }
      if (doc.failure() != null) {
        progress.failed(doc.input().source(), doc.failure());
      } else if (doc.skipped()) {
        progress.skipped();
      } else {
        pending.add(doc);
        pendingChunks += doc.chunks().size();
        if (pendingChunks >= batchChunks) {
          write(pending);
          pending.clear();
          pendingChunks = 0;
        }
      }
      if (System.nanoTime() - lastCommit >= commitInterval.toNanos()) {
        writer.commitLater();
        lastCommit = System.nanoTime();
      }
    }
    if (!cancelled.get()) {
      write(pending);
    }
  }

  /**
   * The next parsed document, or null once the job is cancelled: a parse thread deep in one huge
   * file does not hold the cancel up (it is interrupted when the job ends).
   */
  private PreparedDocument take(Future<PreparedDocument> future) {
    try {
      while (true) {
        try {
          return future.get(CANCEL_POLL_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
          if (cancelled.get()) {
            future.cancel(true);
            return null;
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a parse thread", e);
    } catch (ExecutionException e) {
      throw Futures.unwrap(
          e, cause -> new IllegalStateException("a parse thread failed: " + cause, cause));
    }
  }

  /**
   * Embeds the pending documents' chunks in one call on this thread, then hands them to the writer
   * thread, which stores images and upserts each document whole while the next batch embeds.
   */
  private void write(List<PreparedDocument> docs) {
    if (docs.isEmpty()) {
      return;
    }
    List<String> texts = new ArrayList<>();
    for (PreparedDocument d : docs) {
      for (PendingChunk c : d.chunks()) {
        texts.add(c.text());
      }
    }
    EmbeddingBatch batch;
    long t0 = System.nanoTime();
    try {
      // each distinct text once; a big document's chunks go to the model a batch at a time, so a
      // cancel takes effect between batches rather than after the whole document
      batch =
          distinct.embed(
              texts,
              unique -> {
                List<EmbeddingBatch> parts = new ArrayList<>();
                for (int from = 0; from < unique.size(); from += batchChunks) {
                  if (cancelled.get()) {
                    return null;
                  }
                  parts.add(
                      embedder.embedDocuments(
                          unique.subList(from, Math.min(unique.size(), from + batchChunks))));
                }
                return EmbeddingBatch.concat(parts);
              });
      if (batch == null) {
        return;
      }
      progress.embedded(System.nanoTime() - t0);
    } catch (RuntimeException e) {
      if (docs.size() == 1) {
        progress.failed(docs.get(0).input().source(), "cannot embed: " + e.getMessage());
        return;
      }
      // find the document the model refuses, and write the others
      for (PreparedDocument d : docs) {
        write(List.of(d));
      }
      return;
    }
    writer.store(docs, batch);
  }

  private void deleteGone() {
    List<String> gone = SyncDeletion.gone(plan, index);
    if (!gone.isEmpty()) {
      index.deleteDocuments(gone);
      progress.deleted(gone.size());
    }
  }

  /** A snapshot of the job's progress (safe to call from any thread, at any time). */
  public JobStatus status() {
    return progress.status();
  }
}
