package dev.ragserver.ingest.job;

import java.util.List;

/**
 * What a job will do: the files to ingest, the files the walk could not even list, and the
 * document-id prefixes that {@code sync} may delete from when their files are gone.
 *
 * @param inputs files to ingest, in order
 * @param walkFailures files or folders the walk could not visit (symlink loops, permissions)
 * @param syncScopes id prefixes owned by this job: a folder's path with a trailing separator, or a
 *     file's exact path
 */
public record IngestPlan(
    List<IngestInput> inputs, List<FileFailure> walkFailures, List<String> syncScopes) {
  public IngestPlan {
    inputs = List.copyOf(inputs);
    walkFailures = List.copyOf(walkFailures);
    syncScopes = List.copyOf(syncScopes);
  }
}
