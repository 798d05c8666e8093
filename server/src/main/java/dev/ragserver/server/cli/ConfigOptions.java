package dev.ragserver.server.cli;

import dev.ragserver.config.ConfigLoader;
import dev.ragserver.config.RagConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --config FILE} and {@code --set key=value}, accepted by every command. */
public final class ConfigOptions {
  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "YAML configuration file (default: ./rag.yaml when present).")
  Path file;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Override one configuration key, e.g. --set model.batch_size=16 (repeatable).")
  Map<String, String> overrides = new LinkedHashMap<>();

  /** Defaults, then the file, then RAG_* variables, then --set. */
  public RagConfig load() {
    ConfigLoader.Builder b =
        ConfigLoader.builder()
            .file(file)
            .workingDirectory(Path.of("").toAbsolutePath())
            .environment(System.getenv());
    overrides.forEach(b::override);
    return b.build().load();
  }
}
