package dev.ragserver.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** docs/configuration.md, the shipped rag.yaml and the records describe the same keys. */
class ConfigDocumentationTest {
  private static final Pattern ROW =
      Pattern.compile("^\\| `([a-z0-9_.]+)` \\| `([^`]*)` \\| `([A-Z0-9_]+)` \\|");

  private static Map<String, String[]> documentedRows() throws IOException {
    Path doc = Path.of("..", "docs", "configuration.md");
    assertTrue(Files.isRegularFile(doc), "missing " + doc.toAbsolutePath());
    Map<String, String[]> rows = new LinkedHashMap<>();
    for (String line : Files.readAllLines(doc)) {
      Matcher m = ROW.matcher(line);
      if (m.find()) {
        rows.put(m.group(1), new String[] {m.group(2), m.group(3)});
      }
    }
    return rows;
  }

  private static String expectedRows() {
    JsonNode defaults = defaultsTree();
    return ConfigSchema.keys().stream()
        .map(
            k ->
                "| `"
                    + k.path()
                    + "` | `"
                    + render(at(defaults, k))
                    + "` | `"
                    + k.environmentVariable()
                    + "` | ... |")
        .collect(Collectors.joining("\n"));
  }

  private static JsonNode defaultsTree() {
    try {
      return new YAMLMapper().readTree(ConfigLoader.defaultsText());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static JsonNode at(JsonNode root, ConfigKey key) {
    JsonNode node = root;
    for (String s : key.segments()) {
      node = node.get(s);
      if (node == null) {
        throw new AssertionError("shipped rag.yaml has no default for " + key.path());
      }
    }
    return node;
  }

  private static String render(JsonNode value) {
    return value.isTextual() ? value.asText() : value.toString();
  }

  @Test
  void everyKeyIsDocumentedWithItsDefaultAndVariable() throws IOException {
    Map<String, String[]> rows = documentedRows();
    JsonNode defaults = defaultsTree();
    String hint =
        "docs/configuration.md must have one row per key, in this form:\n" + expectedRows();
    assertEquals(
        ConfigSchema.keys().stream().map(ConfigKey::path).toList(),
        rows.keySet().stream().toList(),
        hint);
    for (ConfigKey key : ConfigSchema.keys()) {
      String[] row = rows.get(key.path());
      assertEquals(
          render(at(defaults, key)), row[0], "documented default of " + key.path() + "\n" + hint);
      assertEquals(key.environmentVariable(), row[1], "documented variable of " + key.path());
    }
  }

  @Test
  void shippedDefaultsCommentEveryKey() {
    String[] lines = ConfigLoader.defaultsText().split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      assertTrue(
          i > 0 && lines[i - 1].strip().startsWith("#"),
          "rag.yaml line " + (i + 1) + " has no comment above it: " + line);
    }
  }
}
