package dev.ragserver.ingest.job;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An ingest job's counters, failures, warnings, state and ETA. Every method takes the object's own
 * lock, so the job's threads (parse results, the writer thread, status readers) call them without
 * holding anything; {@link #status} is a consistent snapshot.
 */
final class JobProgress {
  /** Failures and warnings listed in a status, at most (the counts go on). */
  static final int MAX_LISTED = 1_000;

  private final String id;
  private final String collection;
  private final int total;
  private final int walkFailures;
  private JobState state = JobState.QUEUED;
  private int ingested;
  private int skipped;
  private int failed;
  private int deleted;
  private long chunks;
  private long embedNanos;
  private final List<FileFailure> failures = new ArrayList<>();
  private final List<FileFailure> warnings = new ArrayList<>();
  private String message = "";

  /** When the job was queued, then when it started. */
  private Instant startedAt = Instant.now();

  private Instant finishedAt;

  /**
   * @param total files in the plan, failed walks included
   * @param walkFailures files the walk already could not read
   */
  JobProgress(String id, String collection, int total, int walkFailures) {
    this.id = id;
    this.collection = collection;
    this.total = total;
    this.walkFailures = walkFailures;
  }

  synchronized void started() {
    state = JobState.RUNNING;
    startedAt = Instant.now();
  }

  synchronized void failed(String path, String reason) {
    failed++;
    if (failures.size() < MAX_LISTED) {
      failures.add(new FileFailure(path, reason));
    }
  }

  synchronized void skipped() {
    skipped++;
  }

  /** A document written whole, with its chunk count and the warnings its loader gave. */
  synchronized void ingested(String path, int chunkCount, List<String> documentWarnings) {
    ingested++;
    chunks += chunkCount;
    for (String w : documentWarnings) {
      if (warnings.size() < MAX_LISTED) {
        warnings.add(new FileFailure(path, w));
      }
    }
  }

  synchronized void deleted(int documents) {
    deleted += documents;
  }

  synchronized void embedded(long nanos) {
    embedNanos += nanos;
  }

  synchronized int failedCount() {
    return failed;
  }

  synchronized void finish(JobState end, String why) {
    state = end;
    message = why;
    finishedAt = Instant.now();
  }

  /** A snapshot of the progress. */
  synchronized JobStatus status() {
    Instant until = finishedAt == null ? Instant.now() : finishedAt;
    double seconds = Math.max(1e-3, Duration.between(startedAt, until).toNanos() / 1e9);
    int done = ingested + skipped + failed;
    long eta = -1;
    if (state.finished()) {
      eta = 0;
    } else if (done > walkFailures) {
      eta = Math.round(seconds / done * (total - done));
    }
    return new JobStatus(
        id,
        collection,
        state,
        total,
        ingested,
        skipped,
        failed,
        deleted,
        chunks,
        chunks / seconds,
        embedNanos / 1e9,
        eta,
        startedAt,
        finishedAt,
        List.copyOf(failures),
        List.copyOf(warnings),
        message);
  }
}
