package dev.ragserver.server.jobs;

import dev.ragserver.ingest.job.FileFailure;
import dev.ragserver.ingest.job.JobState;
import dev.ragserver.ingest.job.JobStatus;
import java.util.List;

/**
 * An ingest job's status as the API writes it.
 *
 * @param id the job's id
 * @param collection the collection it writes to
 * @param state queued, running, succeeded, partial, failed or cancelled
 * @param filesTotal files in the plan
 * @param filesDone files ingested, skipped or failed so far
 * @param filesIngested files written
 * @param filesSkipped files unchanged since the last run
 * @param filesFailed files that could not be ingested
 * @param documentsDeleted documents deleted by {@code sync}
 * @param chunks chunks written
 * @param chunksPerSecond chunks per second so far
 * @param embedSeconds seconds spent in the model
 * @param etaSeconds estimated seconds left, or null before an estimate exists
 * @param startedAt when it started (ISO-8601); while queued, when it was queued
 * @param finishedAt when it finished, or null
 * @param failures failed files with their reasons (the first 1,000)
 * @param warnings warnings per file (the first 1,000)
 * @param message why the job failed, else empty
 * @param url where its status is
 */
public record JobView(
    String id,
    String collection,
    String state,
    int filesTotal,
    int filesDone,
    int filesIngested,
    int filesSkipped,
    int filesFailed,
    int documentsDeleted,
    long chunks,
    double chunksPerSecond,
    double embedSeconds,
    Long etaSeconds,
    String startedAt,
    String finishedAt,
    List<FileView> failures,
    List<FileView> warnings,
    String message,
    String url) {
  /**
   * A file and what happened to it.
   *
   * @param file the file's path
   * @param reason the failure or warning
   */
  public record FileView(String file, String reason) {}

  /** The view of a status. */
  public static JobView of(JobStatus s) {
    return new JobView(
        s.id(),
        s.collection(),
        s.state().id(),
        s.filesTotal(),
        s.filesDone(),
        s.filesIngested(),
        s.filesSkipped(),
        s.filesFailed(),
        s.documentsDeleted(),
        s.chunks(),
        Math.round(s.chunksPerSecond() * 10) / 10.0,
        Math.round(s.embedSeconds() * 10) / 10.0,
        s.etaSeconds() < 0 ? null : s.etaSeconds(),
        s.startedAt().toString(),
        s.finishedAt() == null ? null : s.finishedAt().toString(),
        files(s.failures()),
        files(s.warnings()),
        s.message(),
        "/v1/jobs/" + s.id());
  }

  /** This view as a failed job with a message (a job whose server stopped reporting it). */
  public JobView failed(String why) {
    return new JobView(
        id,
        collection,
        JobState.FAILED.id(),
        filesTotal,
        filesDone,
        filesIngested,
        filesSkipped,
        filesFailed,
        documentsDeleted,
        chunks,
        chunksPerSecond,
        embedSeconds,
        null,
        startedAt,
        finishedAt,
        failures,
        warnings,
        why,
        url);
  }

  private static List<FileView> files(List<FileFailure> list) {
    return list.stream().map(f -> new FileView(f.path(), f.reason())).toList();
  }
}
