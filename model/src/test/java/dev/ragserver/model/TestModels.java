package dev.ragserver.model;

import dev.ragserver.config.ConfigLoader;
import dev.ragserver.config.ModelConfig;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Configurations and fixture paths shared by the model tests. */
public final class TestModels {
  private TestModels() {}

  /** The folder of a committed fixture under src/test/resources/m3. */
  public static Path m3Fixture(String name) {
    try {
      return Path.of(TestModels.class.getResource("/m3/" + name).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("missing test fixture m3/" + name, e);
    }
  }

  /** A model configuration: the defaults with these {@code --set}-style overrides. */
  public static ModelConfig config(Map<String, String> overrides) {
    ConfigLoader.Builder b = ConfigLoader.builder();
    overrides.forEach(b::override);
    return b.build().load().model();
  }

  /** BGE-M3 from a fixture folder, with the golden outputs' max_tokens (16). */
  public static ModelConfig m3(Path dir, Map<String, String> extra) {
    Map<String, String> all = new LinkedHashMap<>();
    all.put("model.name", "bge-m3");
    all.put("model.directory", dir.toString());
    all.put("model.max_tokens", "16");
    all.putAll(extra);
    return config(all);
  }
}
