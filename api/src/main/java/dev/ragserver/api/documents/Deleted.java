package dev.ragserver.api.documents;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a delete removed: documents (by id), or chunks (by filter).
 *
 * @param deletedDocuments documents that existed and were deleted (deletes by id), else null
 * @param deletedChunks chunks that matched the filter and were deleted (deletes by filter), else
 *     null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Deleted(Long deletedDocuments, Long deletedChunks) {
  /** Documents deleted by id. */
  public static Deleted documents(long n) {
    return new Deleted(n, null);
  }

  /** Chunks deleted by filter. */
  public static Deleted chunks(long n) {
    return new Deleted(null, n);
  }
}
