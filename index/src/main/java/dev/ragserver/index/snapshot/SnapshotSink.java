package dev.ragserver.index.snapshot;

import java.io.IOException;
import java.nio.file.Path;

/** Where a collection hands the files of its snapshot, each under its name in the archive. */
public interface SnapshotSink {
  /**
   * Adds a file.
   *
   * @param name its path in the archive ({@code manifest.json}, {@code index/_0.cfs}, ...)
   * @param file the file, unchanged until this returns
   */
  void add(String name, Path file) throws IOException;
}
