package dev.ragserver.server.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ragserver.api.jobs.JobView;
import dev.ragserver.index.collection.CollectionIndex;
import dev.ragserver.index.collection.SharedRecords;
import dev.ragserver.ingest.job.IngestJob;
import dev.ragserver.ingest.job.IngestPlan;
import dev.ragserver.ingest.job.JobStatus;
import dev.ragserver.server.engine.Collections;
import dev.ragserver.server.engine.Ingestion;
import dev.ragserver.server.http.ApiException;
import dev.ragserver.server.http.Uploads;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs ingest jobs in the background, one at a time per server (the model is the bottleneck; queued
 * jobs wait their turn), and keeps the status of the last 200. A job writing to a collection whose
 * backend shares job records (OpenSearch) publishes its status there when it is queued, every
 * {@link #PUBLISH_EVERY} while it runs and when it ends, so that every server over the cluster
 * answers {@code GET /v1/jobs/{id}} for it; a cancel asked of another server is a flag in the
 * record, which the running server reads back on its next publish.
 */
public final class JobManager implements AutoCloseable {
  /** How often a running job's status is shared with the other servers. */
  public static final Duration PUBLISH_EVERY = Duration.ofSeconds(1);

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JobManager.class);
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
  private final ScheduledExecutorService publisher =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "ingest-job-status");
            t.setDaemon(true);
            return t;
          });
  private final String server = serverName();
  private final Map<String, Entry> jobs = new LinkedHashMap<>();

  /**
   * @param shared where the job's status is shared with other servers, if anywhere
   */
  private record Entry(
      IngestJob job, String collection, Path cleanup, Optional<SharedRecords> shared) {}

  public JobManager(Collections collections, Ingestion ingestion, MeterRegistry metrics) {
    this.collections = collections;
    this.ingestion = ingestion;
    long every = PUBLISH_EVERY.toMillis();
    publisher.scheduleWithFixedDelay(this::publishRunning, every, every, TimeUnit.MILLISECONDS);
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
    Entry entry = register(collection, plan, metadata, sync, cleanup);
    publish(entry);
    // execute, not submit: the job records its own failure in its status, nothing waits on a future
    runner.execute(
        () -> {
          try {
            entry.job().run();
          } finally {
            if (cleanup != null) {
              Uploads.delete(cleanup);
            }
            publish(entry);
          }
        });
    return entry.job().status();
  }

  /**
   * Runs an upload's job on the calling thread and returns its final status. It is tracked like a
   * background job while it runs, so deleting its collection meanwhile answers 409.
   *
   * @param cleanup the folder of the uploaded files, deleted when the job ends
   */
  public JobStatus runNow(String collection, IngestPlan plan, Path cleanup) {
    Entry entry = register(collection, plan, Map.of(), false, cleanup);
    publish(entry);
    try {
      return entry.job().run();
    } finally {
      Uploads.delete(cleanup);
      publish(entry);
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
  private Entry register(
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
      Entry entry = new Entry(job, collection, cleanup, collections.jobRecords(collection));
      jobs.put(id, entry);
      while (jobs.size() > KEPT) {
        String oldest = jobs.keySet().iterator().next();
        if (!jobs.get(oldest).job().status().state().finished()) {
          break;
        }
        jobs.remove(oldest);
      }
      return entry;
    }
  }

  /** Publishes the status of every unfinished job that shares it. */
  private void publishRunning() {
    List<Entry> running;
    synchronized (jobs) {
      running =
          jobs.values().stream()
              .filter(e -> e.shared().isPresent() && !e.job().status().state().finished())
              .toList();
    }
    running.forEach(this::publish);
  }

  /**
   * Shares a job's status (when its backend shares job records) and cancels it when another server
   * asked to. A cluster that cannot be reached does not stop the job: the next publish tries again,
   * and the other servers report it lost after {@link JobRecord#LOST_AFTER}.
   */
  private void publish(Entry e) {
    if (e.shared().isEmpty()) {
      return;
    }
    // one publish of a job at a time, its status read inside: the periodic publish cannot send an
    // older "running" after the final one
    synchronized (e) {
      JobStatus status = e.job().status();
      ObjectNode record = JobRecord.of(status, server, System.currentTimeMillis());
      try {
        JsonNode after = e.shared().get().merge(status.id(), record);
        if (JobRecord.cancelRequested(after) && !status.state().finished()) {
          e.job().cancel();
        }
      } catch (RuntimeException unreachable) {
        LOG.warn("cannot share the status of job {}: {}", status.id(), unreachable.getMessage());
      }
    }
  }

  /**
   * A job's status: of a job this server runs, or else of one another server over the same cluster
   * runs (as it last shared it).
   */
  public Optional<JobView> status(String id) {
    synchronized (jobs) {
      Entry e = jobs.get(id);
      if (e != null) {
        return Optional.of(JobViews.of(e.job().status()));
      }
    }
    return shared(id).map(found -> JobRecord.view(found.record(), System.currentTimeMillis()));
  }

  /**
   * Asks a job to stop; its status says when it has. A job another server runs is flagged in its
   * shared record and stops at that server's next publish (within {@link #PUBLISH_EVERY} or so).
   */
  public Optional<JobView> cancel(String id) {
    synchronized (jobs) {
      Entry e = jobs.get(id);
      if (e != null) {
        e.job().cancel();
        return Optional.of(JobViews.of(e.job().status()));
      }
    }
    return shared(id)
        .map(
            found -> {
              long now = System.currentTimeMillis();
              JobView seen = JobRecord.view(found.record(), now);
              if (JobRecord.finished(seen)) {
                return seen;
              }
              return JobRecord.view(found.records().merge(id, JobRecord.cancelFlag()), now);
            });
  }

  private record Found(SharedRecords records, JsonNode record) {}

  /** The job's record in a shared store, if one has it. */
  private Optional<Found> shared(String id) {
    for (SharedRecords records : collections.allJobRecords()) {
      Optional<JsonNode> record = records.get(id);
      if (record.isPresent()) {
        return Optional.of(new Found(records, record.get()));
      }
    }
    return Optional.empty();
  }

  /** This process as a job record names it: pid@host. */
  private static String serverName() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (IOException | RuntimeException e) {
      host = "localhost";
    }
    return ProcessHandle.current().pid() + "@" + host;
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
    publisher.shutdownNow();
    runner.shutdown();
    try {
      runner.awaitTermination(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
