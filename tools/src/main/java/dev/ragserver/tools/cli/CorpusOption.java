package dev.ragserver.tools.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --corpus FILE} of the benchmarks that read a BEIR corpus, with its default and check. */
final class CorpusOption {
  @Option(
      names = "--corpus",
      paramLabel = "FILE",
      description =
          "BEIR corpus.jsonl (default: SciFact's, downloaded into the BEIR cache on first use).")
  Path corpus;

  /** The corpus file; fails when it does not exist. */
  Path file() {
    Path file = corpus != null ? corpus : BenchPaths.defaultCorpus();
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("corpus not found: " + file + " (pass --corpus FILE)");
    }
    return file;
  }
}
