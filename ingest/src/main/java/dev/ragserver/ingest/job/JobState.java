package dev.ragserver.ingest.job;

import java.util.Locale;

/** Where a job is. */
public enum JobState {
  /** Waiting for the jobs before it to finish (one job runs at a time). */
  QUEUED,
  /** Working through its files. */
  RUNNING,
  /** Finished; every file was ingested or skipped as unchanged. */
  SUCCEEDED,
  /** Finished; some files failed (listed in the status), the rest is ingested. */
  PARTIAL,
  /**
   * Stopped by an error that concerns the whole job (the index, the model); the message says which.
   */
  FAILED,
  /** Cancelled; what was committed stays, a re-run continues from there. */
  CANCELLED;

  /** Lower-case name, as JSON and the CLI show it. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether the job has stopped. */
  public boolean finished() {
    return this != QUEUED && this != RUNNING;
  }
}
