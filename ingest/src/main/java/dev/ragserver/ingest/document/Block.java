package dev.ragserver.ingest.document;

import java.util.List;

/**
 * A structural unit of a document's text (heading, paragraph, list, table, code block, page
 * paragraph): the chunker never starts a chunk in the middle of one unless it is too long.
 *
 * @param start offset of the first character in the document text
 * @param end offset after the last character
 * @param headingPath headings above this block, outermost first (a heading's own path ends with it)
 * @param page page number from 1, or 0 when the document has no pages
 * @param keepWhole whether the block should stay in one chunk where it fits (code blocks)
 */
public record Block(int start, int end, List<String> headingPath, int page, boolean keepWhole) {
  public Block {
    if (start < 0 || end < start) {
      throw new IllegalArgumentException(
          "block offsets must satisfy 0 <= start <= end, got: " + start + ".." + end);
    }
    if (page < 0) {
      throw new IllegalArgumentException("page must be >= 0, got: " + page);
    }
    headingPath = List.copyOf(headingPath);
  }

  /** A block of running text. */
  public static Block text(int start, int end, List<String> headingPath, int page) {
    return new Block(start, end, headingPath, page, false);
  }

  /** A block to keep in one chunk where it fits (code). */
  public static Block whole(int start, int end, List<String> headingPath, int page) {
    return new Block(start, end, headingPath, page, true);
  }
}
