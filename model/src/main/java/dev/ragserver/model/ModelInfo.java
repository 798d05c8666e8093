package dev.ragserver.model;

import java.util.Set;

/**
 * What a loaded model produces.
 *
 * @param id model name, e.g. {@code bge-small-en-v1.5}
 * @param parts the parts it can produce
 * @param denseDimension floats per dense vector, 0 without a dense part
 * @param multiVectorDimension floats per token vector, 0 without a multi-vector part
 * @param maxTokens most tokens per text (special tokens included) before truncation
 * @param queryInstruction text put before queries ("" for none)
 */
public record ModelInfo(
    String id,
    Set<EmbeddingPart> parts,
    int denseDimension,
    int multiVectorDimension,
    int maxTokens,
    String queryInstruction) {
  public ModelInfo {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("id must not be empty, got: \"" + id + "\"");
    }
    parts = Set.copyOf(parts);
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("a model must produce at least one part, got none");
    }
    if (parts.contains(EmbeddingPart.DENSE) != denseDimension > 0) {
      throw new IllegalArgumentException(
          "denseDimension must be > 0 exactly when DENSE is produced, got: " + denseDimension);
    }
    if (parts.contains(EmbeddingPart.MULTI_VECTOR) != multiVectorDimension > 0) {
      throw new IllegalArgumentException(
          "multiVectorDimension must be > 0 exactly when MULTI_VECTOR is produced, got: "
              + multiVectorDimension);
    }
    if (maxTokens < 2) {
      throw new IllegalArgumentException("maxTokens must be at least 2, got: " + maxTokens);
    }
    if (queryInstruction == null) {
      throw new IllegalArgumentException("queryInstruction must not be null; use \"\" for none");
    }
  }
}
