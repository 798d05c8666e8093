package dev.ragserver.api.jobs;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The body of a job over server-side paths ({@code POST /v1/collections/{c}/jobs}).
 *
 * @param paths files and folders, each inside {@code server.ingest_roots}
 * @param metadata metadata added to every chunk (string, number or boolean values)
 * @param sync whether documents of these folders whose files are gone are deleted
 * @param idPrefix put before every document id and source (default none)
 * @param shard {@code I/N}: only this worker's share of the files (default all of them)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobRequest(
    List<String> paths, Map<String, Object> metadata, Boolean sync, String idPrefix, String shard) {
  /** A job over these server-side paths, with no metadata. */
  public static JobRequest of(List<String> paths) {
    return new JobRequest(List.copyOf(paths), null, null, null, null);
  }
}
