package dev.ragserver.api.documents;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * One document of a JSON upsert: either its whole text (chunked by the server) or pre-made chunks.
 *
 * @param id document id (an upsert replaces every chunk of the document with this id)
 * @param text whole text, chunked by the server
 * @param chunks pre-made chunks, stored as given
 * @param title title
 * @param source source (a file name or URL, shown in citations)
 * @param metadata user metadata: string, number or boolean values (filterable)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DocumentInput(
    String id,
    String text,
    List<String> chunks,
    String title,
    String source,
    Map<String, Object> metadata) {
  /** A document of this text, chunked by the server. */
  public static DocumentInput ofText(String id, String text) {
    return new DocumentInput(id, text, null, null, null, null);
  }

  /** A document of these chunks, stored as given. */
  public static DocumentInput ofChunks(String id, List<String> chunks) {
    return new DocumentInput(id, null, chunks, null, null, null);
  }

  /** This document with a title and source. */
  public DocumentInput withCitation(String title, String source) {
    return new DocumentInput(id, text, chunks, title, source, metadata);
  }

  /** This document with metadata on every chunk. */
  public DocumentInput withMetadata(Map<String, Object> metadata) {
    return new DocumentInput(id, text, chunks, title, source, metadata);
  }
}
