package dev.ragserver.index.schema;

import java.util.List;
import java.util.Map;

/**
 * A chunk as read back from the index: everything but the vectors.
 *
 * @param chunkId chunk id
 * @param documentId document id
 * @param chunkNumber position within the document
 * @param text chunk text
 * @param source path or URL, "" when unknown
 * @param title title, "" when unknown
 * @param pageStart first page, 0 when none
 * @param pageEnd last page, 0 when none
 * @param charStart offset of the first character in the document text
 * @param charEnd offset after the last character
 * @param headingPath headings above the chunk, outermost first
 * @param modality text or image
 * @param metadata user metadata (never null)
 */
public record StoredChunk(
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
    Map<String, Object> metadata) {
  public StoredChunk {
    headingPath = List.copyOf(headingPath);
    metadata = Map.copyOf(metadata);
  }
}
