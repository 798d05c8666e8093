package dev.ragserver.ingest.loader;

import dev.ragserver.ingest.document.ParsedDocument;
import java.nio.file.Path;

/** Turns one file's bytes into a document. Implementations are stateless and thread-safe. */
public interface Loader {
  /**
   * Loads a document.
   *
   * @param bytes the whole file
   * @param path where it was read from (names the document; HTML resolves local images against it);
   *     may be a bare file name for uploads
   * @param limits limits to honour
   * @throws LoadException when the file cannot be ingested, with the reason
   */
  ParsedDocument load(byte[] bytes, Path path, LoaderLimits limits);
}
