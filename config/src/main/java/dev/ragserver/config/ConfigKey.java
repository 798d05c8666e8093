package dev.ragserver.config;

import java.util.List;

/**
 * One leaf key of the configuration.
 *
 * @param path dotted snake_case path, e.g. {@code model.batch_size}
 * @param type what the value must be, in words ({@code integer}, {@code one of cpu, cuda}, ...)
 * @param environmentVariable the variable that overrides it, e.g. {@code RAG_MODEL_BATCH_SIZE}
 */
public record ConfigKey(String path, String type, String environmentVariable) {
  public ConfigKey {
    Checks.notBlank("path", path);
    Checks.notBlank("type", type);
    Checks.notBlank("environmentVariable", environmentVariable);
  }

  /** The path's segments. */
  public List<String> segments() {
    return List.of(path.split("\\.", -1));
  }
}
