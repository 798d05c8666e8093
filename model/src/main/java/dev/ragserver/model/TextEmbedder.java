package dev.ragserver.model;

import java.util.List;
import java.util.Set;

/**
 * Embeds documents and queries. Queries get the model's instruction; documents never do. Texts
 * longer than the model's max tokens are truncated and counted in the result; empty or
 * whitespace-only texts are rejected with an {@link IllegalArgumentException} naming their index.
 * Implementations are thread-safe.
 */
public interface TextEmbedder extends AutoCloseable {
  /** What the model produces. */
  ModelInfo info();

  /** Counts tokens as this model's tokenizer does, for chunking documents to fit the model. */
  TokenCounter tokenCounter();

  /** Embeds documents with the requested parts (those the model lacks are left out). */
  EmbeddingBatch embedDocuments(List<String> texts, Set<EmbeddingPart> parts);

  /** Embeds queries with the requested parts (those the model lacks are left out). */
  EmbeddingBatch embedQueries(List<String> texts, Set<EmbeddingPart> parts);

  /** Embeds documents with every part the model produces. */
  default EmbeddingBatch embedDocuments(List<String> texts) {
    return embedDocuments(texts, info().parts());
  }

  /** Embeds queries with every part the model produces. */
  default EmbeddingBatch embedQueries(List<String> texts) {
    return embedQueries(texts, info().parts());
  }

  /** Embeds one query with every part the model produces. */
  default Embedding embedQuery(String text) {
    return embedQueries(List.of(text)).get(0);
  }

  /**
   * Whether a text's vectors are the same alone and in a batch with others (checked when the model
   * loads). An fp32 model's are; a dynamically quantised model's move with their batch-mates (one
   * activation scale per batch tensor), so its queries are not gathered with others.
   */
  default boolean batchInvariant() {
    return true;
  }

  /** Releases the native session and tokenizer. */
  @Override
  void close();
}
