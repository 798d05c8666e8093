package dev.ragserver.ingest.job;

import dev.ragserver.index.collection.CollectionIndex;
import dev.ragserver.index.schema.Chunk;
import dev.ragserver.model.EmbeddingBatch;
import dev.ragserver.model.concurrent.Futures;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The ingest job's writer thread: stores each embedded batch (images into the blob store, each
 * document upserted whole) and commits, one task at a time and in order, while the job thread
 * embeds the next batch. Driven by one thread, the job's (it is not thread-safe); the tasks report
 * to the self-locking {@link JobProgress}. A failed task's exception comes back from the next
 * {@link #await()}.
 */
final class BatchWriter implements AutoCloseable {
  private final CollectionIndex index;
  private final JobProgress progress;
  private final ExecutorService thread;
  private Future<?> inFlight;

  BatchWriter(String jobId, CollectionIndex index, JobProgress progress) {
    this.index = index;
    this.progress = progress;
    this.thread =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "ingest-write-" + jobId);
              t.setDaemon(true);
              return t;
            });
  }

  /** Stores these documents with their embeddings (in chunk order) once the task before is done. */
  void store(List<PreparedDocument> docs, EmbeddingBatch batch) {
    List<PreparedDocument> toStore = List.copyOf(docs);
    await();
    inFlight = thread.submit(() -> write(toStore, batch));
  }

  /**
   * Commits on the writer thread, after the writes before it (the job thread goes on embedding).
   */
  void commitLater() {
    await();
    inFlight = thread.submit(index::commit);
  }

  /** Waits for every write so far and commits them on this thread. */
  void commitNow() {
    await();
    index.commit();
  }

  /** Waits for the task in flight, rethrowing what stopped it. */
  void await() {
    if (inFlight == null) {
      return;
    }
    try {
      inFlight.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing to the index", e);
    } catch (ExecutionException e) {
      throw Futures.unwrap(e);
    } finally {
      inFlight = null;
    }
  }

  /** On the writer thread: one document at a time, so one refused document fails alone. */
  private void write(List<PreparedDocument> docs, EmbeddingBatch batch) {
    int at = 0;
    for (PreparedDocument d : docs) {
      List<Chunk> chunks = new ArrayList<>(d.chunks().size());
      for (PendingChunk c : d.chunks()) {
        chunks.add(c.withEmbedding(batch.get(at++)));
      }
      try {
        for (PendingChunk c : d.chunks()) {
          if (c.image() != null) {
            index.blobs().put(c.image().id(), c.image().bytes(), c.image().mediaType());
            index.blobs().put(c.image().id() + "-thumb", c.image().thumbnail(), "image/png");
          }
        }
        index.upsert(chunks);
      } catch (IllegalArgumentException e) {
        progress.failed(d.input().source(), e.getMessage());
        continue;
      }
      progress.ingested(d.input().source(), chunks.size(), d.warnings());
    }
  }

  /** Lets the task in flight finish; takes no more. */
  @Override
  public void close() {
    thread.shutdown();
  }
}
