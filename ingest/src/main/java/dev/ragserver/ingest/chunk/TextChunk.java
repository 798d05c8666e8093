package dev.ragserver.ingest.chunk;

import java.util.List;

/**
 * One chunk: a span of the document text.
 *
 * @param start offset of its first character in the document text
 * @param end offset after its last character
 * @param tokens its token count (content tokens, as the model counts them)
 * @param pageStart first page it covers, 0 when the document has no pages
 * @param pageEnd last page it covers, 0 when the document has no pages
 * @param headingPath headings above it, outermost first
 */
public record TextChunk(
    int start, int end, int tokens, int pageStart, int pageEnd, List<String> headingPath) {
  public TextChunk {
    if (start < 0 || end <= start) {
      throw new IllegalArgumentException(
          "a chunk must be a non-empty span, got: " + start + ".." + end);
    }
    headingPath = List.copyOf(headingPath);
  }

  /** Its text, cut from the document text. */
  public String text(String documentText) {
    return documentText.substring(start, end);
  }
}
