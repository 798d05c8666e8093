package dev.ragserver.tools.cli;

import dev.ragserver.tools.beir.BeirArchives;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Defaults the benchmark commands share. */
final class BenchPaths {
  private BenchPaths() {}

  /** SciFact's corpus.jsonl, from the BEIR cache (downloaded there on first use). */
  static Path defaultCorpus() {
    try {
      return BeirArchives.published()
          .fetch("scifact", new PrintWriter(System.err, true))
          .resolve("corpus.jsonl");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while downloading scifact", e);
    }
  }

  /** Cores, Java version and architecture, for result tables. */
  static String machine() {
    return Runtime.getRuntime().availableProcessors()
        + " cores, Java "
        + Runtime.version().feature()
        + ", "
        + System.getProperty("os.arch");
  }
}
