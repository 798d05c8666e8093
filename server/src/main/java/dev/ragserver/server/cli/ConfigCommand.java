package dev.ragserver.server.cli;

import dev.ragserver.config.ConfigLoader;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Prints the effective configuration, or the commented defaults. */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description =
        "Print the effective configuration (defaults < rag.yaml/--config < RAG_* < --set).")
final class ConfigCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--defaults", description = "Print the shipped, commented defaults instead.")
  boolean defaults;

  @Override
  public Integer call() {
    spec.commandLine()
        .getOut()
        .print(defaults ? ConfigLoader.defaultsText() : ConfigLoader.toYaml(config.load()));
    return 0;
  }
}
