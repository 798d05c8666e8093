package dev.ragserver.api.jobs;

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

  /**
   * Whether the job has ended (succeeded, partial, failed or cancelled): its status will not change
   * again.
   */
  public boolean finished() {
    return switch (state) {
      case "queued", "running" -> false;
      default -> true;
    };
  }
}
