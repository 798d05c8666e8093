package dev.ragserver.index.schema;

import dev.ragserver.model.Embedding;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One stored chunk: ids, text, citation fields, user metadata and its embedding.
 *
 * @param chunkId unique id of the chunk within the collection
 * @param documentId id of the document it belongs to; upsert and delete work per document
 * @param chunkNumber position within the document, from 0
 * @param text the chunk text (BM25-indexed and stored)
 * @param source path or URL of the document, "" when unknown
 * @param title document title, "" when unknown
 * @param pageStart first page (from 1), 0 when the source has no pages
 * @param pageEnd last page, 0 when the source has no pages
 * @param charStart offset of the chunk's first character in the document text
 * @param charEnd offset after its last character
 * @param headingPath headings above the chunk, outermost first
 * @param modality text or image
 * @param metadata user metadata: string, number, boolean values or lists of them; ISO-8601 date
 *     strings are also indexed as dates
 * @param embedding the text embedding (its parts must match the collection's model)
 * @param imageVector vector in the image model's space, or null
 */
@SuppressWarnings("ArrayRecordComponent")
// arrays on purpose (an image vector per chunk, read by the index writer); its equals and hashCode
// compare them by content
public record Chunk(
    String chunkId,
    String documentId,
    int chunkNumber,
    String text,
    String source,
    String title,
    int pageStart,
    int pageEnd,
    int charStart,
    int charEnd,
    List<String> headingPath,
    Modality modality,
    Map<String, Object> metadata,
    Embedding embedding,
    float[] imageVector) {

  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

  public Chunk {
    requireId("chunkId", chunkId);
    requireId("documentId", documentId);
    if (chunkNumber < 0) {
      throw new IllegalArgumentException("chunkNumber must be >= 0, got: " + chunkNumber);
    }
    Objects.requireNonNull(text, "text");
    source = source == null ? "" : source;
    title = title == null ? "" : title;
    if (pageStart < 0 || pageEnd < pageStart || (pageStart == 0) != (pageEnd == 0)) {
      throw new IllegalArgumentException(
          "pages must be 0/0 (none) or 1 <= pageStart <= pageEnd, got: "
              + pageStart
              + ".."
              + pageEnd);
    }
    if (charStart < 0 || charEnd < charStart) {
      throw new IllegalArgumentException(
          "character offsets must satisfy 0 <= charStart <= charEnd, got: "
              + charStart
              + ".."
              + charEnd);
    }
    headingPath = List.copyOf(headingPath == null ? List.of() : headingPath);
    Objects.requireNonNull(modality, "modality");
    metadata = Map.copyOf(checkMetadata(metadata == null ? Map.of() : metadata));
    Objects.requireNonNull(embedding, "embedding");
    imageVector = imageVector == null ? null : imageVector.clone();
  }

  /**
   * The id the ingest pipeline gives a document's chunk: {@code <document id>#<chunk number>}. The
   * OpenSearch backend requires it (it finds the chunks an earlier version of a document may have
   * left by number).
   */
  public static String idOf(String documentId, int chunkNumber) {
    return documentId + "#" + chunkNumber;
  }

  /** Whether this chunk's id is {@link #idOf} its document and number. */
  public boolean hasPositionalId() {
    return chunkId.equals(idOf(documentId, chunkNumber));
  }

  /** The chunk as the index gives it back: everything but the vectors. */
  public StoredChunk stored() {
    return new StoredChunk(
        chunkId,
        documentId,
        chunkNumber,
        text,
        source,
        title,
        pageStart,
        pageEnd,
        charStart,
        charEnd,
        headingPath,
        modality,
        metadata);
  }

  private static void requireId(String name, String id) {
    if (id == null || id.isBlank() || id.length() > 512) {
      throw new IllegalArgumentException(
          name + " must be 1 to 512 characters, not blank, got: \"" + id + "\"");
    }
  }

  /**
   * The metadata, once every key matches the key rule and every value is a string, number, boolean
   * or a list of them (not null): the rule every chunk's metadata meets, for callers that check it
   * at the edge, before any work.
   *
   * @throws IllegalArgumentException naming the first key or value that breaks it
   */
  public static Map<String, Object> checkMetadata(Map<String, Object> metadata) {
    for (Map.Entry<String, Object> e : metadata.entrySet()) {
      if (e.getKey() == null || !KEY.matcher(e.getKey()).matches()) {
        throw new IllegalArgumentException(
            "metadata keys must match " + KEY.pattern() + ", got: \"" + e.getKey() + "\"");
      }
      checkValue(e.getKey(), e.getValue());
    }
    return metadata;
  }

  private static void checkValue(String key, Object value) {
    if (value instanceof List<?> list) {
      for (Object item : list) {
        if (item instanceof List<?>) {
          throw new IllegalArgumentException(
              "metadata." + key + " may be a list of values, not of lists");
        }
        checkValue(key, item);
      }
      return;
    }
    if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
      throw new IllegalArgumentException(
          "metadata."
              + key
              + " must be a string, number, boolean or a list of them, got: "
              + (value == null
                  ? "null (leave the key out instead)"
                  : value.getClass().getSimpleName()));
    }
    if (value instanceof Number n && !Double.isFinite(n.doubleValue())) {
      throw new IllegalArgumentException("metadata." + key + " must be a finite number, got: " + n);
    }
  }

  /** A copy of the image vector, or null. */
  @Override
  public float[] imageVector() {
    return imageVector == null ? null : imageVector.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Chunk c
        && chunkId.equals(c.chunkId)
        && documentId.equals(c.documentId)
        && chunkNumber == c.chunkNumber
        && text.equals(c.text)
        && source.equals(c.source)
        && title.equals(c.title)
        && pageStart == c.pageStart
        && pageEnd == c.pageEnd
        && charStart == c.charStart
        && charEnd == c.charEnd
        && headingPath.equals(c.headingPath)
        && modality == c.modality
        && metadata.equals(c.metadata)
        && embedding.equals(c.embedding)
        && Arrays.equals(imageVector, c.imageVector);
  }

  @Override
  public int hashCode() {
    return Objects.hash(chunkId, documentId, chunkNumber, text);
  }
}
