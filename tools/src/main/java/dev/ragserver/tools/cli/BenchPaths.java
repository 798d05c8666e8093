package dev.ragserver.tools.cli;

import java.nio.file.Path;

/** Defaults the benchmark commands share. */
final class BenchPaths {
  private BenchPaths() {}

  /** ../shared/data/scifact/corpus.jsonl beside the project. */
  static Path defaultCorpus() {
    String home = System.getProperty("rag.home", ".");
    return Path.of(home)
        .toAbsolutePath()
        .normalize()
        .resolveSibling("shared")
        .resolve("data/scifact/corpus.jsonl");
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
