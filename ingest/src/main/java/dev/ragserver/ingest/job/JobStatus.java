package dev.ragserver.ingest.job;

import java.time.Instant;
import java.util.List;

/**
 * A snapshot of a job's progress, as the CLI prints it and the server serves it.
 *
 * @param id job id
 * @param collection the collection written to
 * @param state where the job is
 * @param filesTotal files to go through (including those the walk could not visit)
 * @param filesIngested files parsed, embedded and written
 * @param filesSkipped files unchanged since they were last ingested (same content hash and
 *     settings)
 * @param filesFailed files that could not be ingested (see {@code failures})
 * @param documentsDeleted documents deleted because their files are gone ({@code sync})
 * @param chunks chunks written
 * @param chunksPerSecond chunks written per second of the job so far
 * @param embedSeconds time the model spent embedding (the rest is reading, parsing, writing,
 *     waiting)
 * @param etaSeconds estimated seconds left, -1 while unknown
 * @param startedAt when the job started
 * @param finishedAt when it finished, null while running
 * @param failures each failed file and why (the first 1,000)
 * @param warnings things noticed in files that were ingested anyway (the first 1,000)
 * @param message for a failed job, what stopped it; otherwise ""
 */
public record JobStatus(
    String id,
    String collection,
    JobState state,
    int filesTotal,
    int filesIngested,
    int filesSkipped,
    int filesFailed,
    int documentsDeleted,
    long chunks,
    double chunksPerSecond,
    double embedSeconds,
    long etaSeconds,
    Instant startedAt,
    Instant finishedAt,
    List<FileFailure> failures,
    List<FileFailure> warnings,
    String message) {
  public JobStatus {
    failures = List.copyOf(failures);
    warnings = List.copyOf(warnings);
    message = message == null ? "" : message;
  }

  /** Files done so far, whatever happened to them. */
  public int filesDone() {
    return filesIngested + filesSkipped + filesFailed;
  }
}
