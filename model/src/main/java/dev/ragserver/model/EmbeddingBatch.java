package dev.ragserver.model;

import java.util.List;

/**
 * The embeddings of a list of texts, in input order.
 *
 * @param embeddings one per input text
 * @param truncated how many texts were longer than the model's max tokens and were cut
 * @param tokens tokens fed to the model in all, special tokens included, padding excluded
 */
public record EmbeddingBatch(List<Embedding> embeddings, int truncated, long tokens) {
  public EmbeddingBatch {
    embeddings = List.copyOf(embeddings);
    if (truncated < 0 || truncated > embeddings.size()) {
      throw new IllegalArgumentException(
          "truncated must be between 0 and " + embeddings.size() + ", got: " + truncated);
    }
    if (tokens < 0) {
      throw new IllegalArgumentException("tokens must be >= 0, got: " + tokens);
    }
  }

  /** The batches one after another, as if their texts had been embedded in one call. */
  public static EmbeddingBatch concat(List<EmbeddingBatch> batches) {
    if (batches.size() == 1) {
      return batches.get(0);
    }
    List<Embedding> all = new java.util.ArrayList<>();
    int truncated = 0;
    long tokens = 0;
    for (EmbeddingBatch b : batches) {
      all.addAll(b.embeddings());
      truncated += b.truncated();
      tokens += b.tokens();
    }
    return new EmbeddingBatch(all, truncated, tokens);
  }

  /** The i-th embedding. */
  public Embedding get(int i) {
    return embeddings.get(i);
  }

  /** Number of embeddings. */
  public int size() {
    return embeddings.size();
  }
}
