package dev.ragserver.ingest.job;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One file to ingest.
 *
 * @param file where its bytes are
 * @param documentId the document it becomes (re-ingesting the same id replaces its chunks)
 * @param source the source shown in citations (path or upload name)
 */
public record IngestInput(Path file, String documentId, String source) {
  public IngestInput {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(documentId, "documentId");
    Objects.requireNonNull(source, "source");
  }

  /** A file on disk: its absolute, normalised path is both its id and its source. */
  public static IngestInput ofFile(Path file) {
    String path = file.toAbsolutePath().normalize().toString();
    return new IngestInput(file, path, path);
  }
}
