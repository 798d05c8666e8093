package dev.ragserver.tools.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Parent of the benchmarks; each prints its figures and the machine it ran on. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks (not tests): results go to docs/benchmarks.md.",
    subcommands = {
      BenchEmbedCommand.class,
      BenchIndexCommand.class,
      BenchIngestCommand.class,
      BenchServeCommand.class,
      BenchImagesCommand.class,
      BenchPdfCommand.class,
      BenchModelsCommand.class,
      BenchOnnxCommand.class
    })
final class BenchCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
