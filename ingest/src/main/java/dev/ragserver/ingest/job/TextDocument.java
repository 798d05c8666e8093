package dev.ragserver.ingest.job;

import dev.ragserver.index.schema.Chunk;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A document given as text rather than a file (the JSON upsert of the HTTP API): either whole text
 * that ingest chunks, or chunks the client already made.
 *
 * @param id document id (replaces the document's chunks when it exists)
 * @param text the whole text, chunked like a plain-text file; null when {@code chunks} is given
 * @param chunks pre-made chunks, stored as they are; null when {@code text} is given
 * @param title title, or null
 * @param source source (path or URL), or null
 * @param metadata user metadata, or null
 */
public record TextDocument(
    String id,
    String text,
    List<String> chunks,
    String title,
    String source,
    Map<String, Object> metadata) {
  public TextDocument {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("id must not be blank, got: \"" + id + "\"");
    }
    if ((text == null) == (chunks == null)) {
      throw new IllegalArgumentException(
          "document " + id + " must have either text or chunks, not both or neither");
    }
    if (text != null && text.isBlank()) {
      throw new IllegalArgumentException("document " + id + " has blank text");
    }
    if (chunks != null) {
      if (chunks.isEmpty()) {
        throw new IllegalArgumentException("document " + id + " has an empty chunks list");
      }
      for (int i = 0; i < chunks.size(); i++) {
        if (chunks.get(i) == null || chunks.get(i).isBlank()) {
          throw new IllegalArgumentException("document " + id + " chunk " + i + " is blank");
        }
      }
      chunks = List.copyOf(chunks);
    }
    metadata = metadata == null ? Map.of() : metadata;
    try {
      // the chunks' own rule, checked here so a bad value is refused before anything is embedded
      Chunk.checkMetadata(metadata);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("document " + id + ": " + e.getMessage(), e);
    }
    Objects.requireNonNull(id);
  }
}
