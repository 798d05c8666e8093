package dev.ragserver.server.jobs;

import dev.ragserver.index.collection.CollectionIndex;
import dev.ragserver.ingest.job.IngestJob;
import dev.ragserver.ingest.job.IngestPlan;
import dev.ragserver.ingest.job.JobStatus;
import dev.ragserver.server.engine.Collections;
import dev.ragserver.server.engine.Ingestion;
import dev.ragserver.server.http.ApiException;
import dev.ragserver.server.http.Uploads;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs ingest jobs in the background, one at a time per server (the model is the bottleneck; queued
 * jobs wait their turn), and keeps the status of the last 200.
 */
public final class JobManager implements AutoCloseable {
  private static final int KEPT = 200;
  private final Collections collections;
  private final Ingestion ingestion;
  private final ExecutorService runner =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(null, r, "ingest-job", 4L << 20);
            t.setDaemon(true);
            return t;
          });
  private final Map<String, Entry> jobs = new LinkedHashMap<>();

  private record Entry(IngestJob job, String collection, Path cleanup) {}

  public JobManager(Collections collections, Ingestion ingestion, MeterRegistry metrics) {
    this.collections = collections;
    this.ingestion = ingestion;
    Gauge.builder("rag.ingest.jobs.running", this, m -> m.count(true))
        .description("ingest jobs running or queued")
        .register(metrics);
    Gauge.builder("rag.ingest.files.done", this, m -> m.sum(true, false))
        .description("files done by running jobs")
        .register(metrics);
    Gauge.builder("rag.ingest.files.total", this, m -> m.sum(true, true))
        .description("files of running jobs")
        .register(metrics);
  }

  /**
   * Queues a job.
   *
   * @param collection the collection
   * @param plan files to ingest
   * @param metadata user metadata for every chunk
   * @param sync whether documents whose files are gone are deleted
   * @param cleanup a folder to delete when the job ends (uploads), or null
   * @return the job's first status
   */
  public JobStatus submit(
      String collection,
      IngestPlan plan,
      Map<String, Object> metadata,
      boolean sync,
      Path cleanup) {
    IngestJob job = register(collection, plan, metadata, sync, cleanup);
    // execute, not submit: the job records its own failure in its status, nothing waits on a future
    runner.execute(
        () -> {
          try {
            job.run();
          } finally {
            if (cleanup != null) {
              Uploads.delete(cleanup);
            }
          }
        });
    return job.status();
  }

  /**
   * Runs an upload's job on the calling thread and returns its final status. It is tracked like a
   * background job while it runs, so deleting its collection meanwhile answers 409.
   *
   * @param cleanup the folder of the uploaded files, deleted when the job ends
   */
  public JobStatus runNow(String collection, IngestPlan plan, Path cleanup) {
    IngestJob job = register(collection, plan, Map.of(), false, cleanup);
    try {
      return job.run();
    } finally {
      Uploads.delete(cleanup);
    }
  }

  /**
   * Deletes a collection unless a job or upload is writing to it (409). Jobs register under the
   * same lock, so a job either registers first (and the delete is refused) or finds the collection
   * gone (404).
   */
  public void deleteCollection(String name) {
    synchronized (jobs) {
      if (runningFor(name)) {
        throw ApiException.conflict(
            "an ingest job or upload is writing to collection " + name + "; cancel it first");
      }
      collections.delete(name);
    }
  }

  /**
   * Creates and records a job for a collection that exists now (404 when it does not; the upload
   * folder {@code cleanup}, if any, is then deleted).
   */
  private IngestJob register(
      String collection,
      IngestPlan plan,
      Map<String, Object> metadata,
      boolean sync,
      Path cleanup) {
    synchronized (jobs) {
      CollectionIndex index;
      try {
        index = collections.get(collection);
      } catch (RuntimeException e) {
        if (cleanup != null) {
          Uploads.delete(cleanup);
        }
        throw e;
      }
      String id = UUID.randomUUID().toString();
      IngestJob job = ingestion.job(id, index, plan, metadata, sync);
      jobs.put(id, new Entry(job, collection, cleanup));
      while (jobs.size() > KEPT) {
        String oldest = jobs.keySet().iterator().next();
        if (!jobs.get(oldest).job().status().state().finished()) {
          break;
        }
        jobs.remove(oldest);
      }
      return job;
    }
  }

  /** A job's status. */
  public Optional<JobStatus> status(String id) {
    synchronized (jobs) {
      Entry e = jobs.get(id);
      return e == null ? Optional.empty() : Optional.of(e.job().status());
    }
  }

  /** Asks a job to stop; its status says when it has. */
  public Optional<JobStatus> cancel(String id) {
    synchronized (jobs) {
      Entry e = jobs.get(id);
      if (e == null) {
        return Optional.empty();
      }
      e.job().cancel();
      return Optional.of(e.job().status());
    }
  }

  /** Whether a job is running or queued for this collection. */
  public boolean runningFor(String collection) {
    synchronized (jobs) {
      return jobs.values().stream()
          .anyMatch(e -> e.collection().equals(collection) && !e.job().status().state().finished());
    }
  }

  /** Statuses of every kept job, oldest first. */
  public List<JobStatus> all() {
    synchronized (jobs) {
      return jobs.values().stream().map(e -> e.job().status()).toList();
    }
  }

  private double count(boolean running) {
    return all().stream().filter(s -> !s.state().finished() == running).count();
  }

  private double sum(boolean running, boolean total) {
    return all().stream()
        .filter(s -> !s.state().finished() == running)
        .mapToInt(s -> total ? s.filesTotal() : s.filesDone())
        .sum();
  }

  @Override
  public void close() {
    synchronized (jobs) {
      jobs.values().forEach(e -> e.job().cancel());
    }
    runner.shutdown();
    try {
      runner.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
