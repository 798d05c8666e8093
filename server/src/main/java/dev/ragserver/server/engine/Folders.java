package dev.ragserver.server.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Deleting temporary folders (uploads, benchmark collections). */
public final class Folders {
  private Folders() {}

  /**
   * Deletes a folder and everything in it; quietly, since a leftover temporary folder is harmless.
   */
  public static void deleteTree(Path folder) {
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException ignored) {
      // removed with the next cleanup
    }
  }
}
