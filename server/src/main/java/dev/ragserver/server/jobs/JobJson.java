package dev.ragserver.server.jobs;

import dev.ragserver.ingest.job.FileFailure;
import dev.ragserver.ingest.job.JobStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A job status as the API writes it. */
public final class JobJson {
  private JobJson() {}

  public static Map<String, Object> of(JobStatus s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", s.id());
    m.put("collection", s.collection());
    m.put("state", s.state().id());
    m.put("files_total", s.filesTotal());
    m.put("files_done", s.filesDone());
    m.put("files_ingested", s.filesIngested());
    m.put("files_skipped", s.filesSkipped());
    m.put("files_failed", s.filesFailed());
    m.put("documents_deleted", s.documentsDeleted());
    m.put("chunks", s.chunks());
    m.put("chunks_per_second", Math.round(s.chunksPerSecond() * 10) / 10.0);
    m.put("embed_seconds", Math.round(s.embedSeconds() * 10) / 10.0);
    m.put("eta_seconds", s.etaSeconds() < 0 ? null : s.etaSeconds());
    m.put("started_at", s.startedAt().toString());
    m.put("finished_at", s.finishedAt() == null ? null : s.finishedAt().toString());
    m.put("failures", files(s.failures()));
    m.put("warnings", files(s.warnings()));
    m.put("message", s.message());
    m.put("url", "/v1/jobs/" + s.id());
    return m;
  }

  private static List<Map<String, String>> files(List<FileFailure> list) {
    return list.stream().map(f -> Map.of("file", f.path(), "reason", f.reason())).toList();
  }
}
