package dev.ragserver.ingest.job;

import java.util.Objects;

/**
 * A file that could not be ingested (or a warning about one), and why.
 *
 * @param path the file, as the user named or the walk found it
 * @param reason what went wrong, for a person
 */
public record FileFailure(String path, String reason) {
  public FileFailure {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(reason, "reason");
  }
}
