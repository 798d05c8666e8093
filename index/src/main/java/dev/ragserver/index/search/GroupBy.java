package dev.ragserver.index.search;

/**
 * Grouping of hits by document.
 *
 * @param perDocument chunks kept per document (1 = best chunk only)
 */
public record GroupBy(int perDocument) {
  public GroupBy {
    if (perDocument < 1 || perDocument > 1000) {
      throw new IllegalArgumentException(
          "group_by per_document must be between 1 and 1000, got: " + perDocument);
    }
  }

  /** The best chunk of each document. */
  public static GroupBy bestChunk() {
    return new GroupBy(1);
  }
}
