package dev.ragserver.server.jobs;

import dev.ragserver.api.jobs.JobView;
import dev.ragserver.api.jobs.JobView.FileView;
import dev.ragserver.ingest.job.FileFailure;
import dev.ragserver.ingest.job.JobState;
import dev.ragserver.ingest.job.JobStatus;
import java.util.List;

/** Builds the API's {@link JobView} from a job's status. */
public final class JobViews {
  private JobViews() {}

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
  public static JobView failed(JobView v, String why) {
    return new JobView(
        v.id(),
        v.collection(),
        JobState.FAILED.id(),
        v.filesTotal(),
        v.filesDone(),
        v.filesIngested(),
        v.filesSkipped(),
        v.filesFailed(),
        v.documentsDeleted(),
        v.chunks(),
        v.chunksPerSecond(),
        v.embedSeconds(),
        null,
        v.startedAt(),
        v.finishedAt(),
        v.failures(),
        v.warnings(),
        why,
        v.url());
  }

  private static List<FileView> files(List<FileFailure> list) {
    return list.stream().map(f -> new FileView(f.path(), f.reason())).toList();
  }
}
