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

  /**
   * This shard's part of the plan: the inputs it owns, every walk failure (each worker walks the
   * whole tree and reports what it could not list), and no sync scopes: a shard cannot tell which
   * documents are gone while the other shards still write, so deleting them is a later, whole run's
   * job ({@code --sync} without a shard, which skips every file the shards committed).
   */
  public IngestPlan shard(Shard shard) {
    if (shard.isAll()) {
      return this;
    }
    return new IngestPlan(
        inputs.stream().filter(i -> shard.owns(i.documentId())).toList(), walkFailures, List.of());
  }
}
