package dev.ragserver.index;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The collection folder's small JSON files (manifest, relevance model), written atomically. */
public final class JsonFiles {
  /** Their mapper: snake_case field names (as the HTTP API writes them), indented for people. */
  public static final ObjectMapper MAPPER =
      new ObjectMapper()
          .setPropertyNamingStrategy(
              com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE)
          .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);

  private JsonFiles() {}

  /**
   * Writes {@code value} as {@code dir/file} through a temporary file and an atomic rename, so a
   * reader sees the old file or the new one, never half of one.
   */
  public static void writeAtomically(ObjectMapper json, Path dir, String file, Object value) {
    Path tmp = dir.resolve(file + ".tmp");
    try {
      json.writeValue(tmp.toFile(), value);
      Files.move(
          tmp,
          dir.resolve(file),
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new IndexException("cannot write " + dir.resolve(file) + ": " + e.getMessage(), e);
    }
  }
}
