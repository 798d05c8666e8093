package dev.ragserver.server.query;

import dev.ragserver.model.Embedding;
import dev.ragserver.model.EmbeddingPart;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The most recently used query embeddings, by model, text and parts ({@code
 * model.query_cache_size}; 0 = none): a repeated query skips the model. The vectors are the model's
 * own (a model gives a text the same vector every time), so a hit answers exactly as the model
 * would. Thread-safe.
 */
final class QueryEmbeddings {
  private final int size;
  private final Map<Key, Embedding> recent;
  private long hits;
  private long misses;

  private record Key(String model, String text, Set<EmbeddingPart> parts) {}

  QueryEmbeddings(int size) {
    if (size < 0) {
      throw new IllegalArgumentException("size must be at least 0, got: " + size);
    }
    this.size = size;
    this.recent =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<Key, Embedding> eldest) {
            return size() > QueryEmbeddings.this.size;
          }
        };
  }

  /**
   * The text's embedding (these parts) by this model: kept, or computed (outside the lock) and
   * kept.
   */
  Embedding get(String model, String text, Set<EmbeddingPart> parts, Supplier<Embedding> compute) {
    if (size == 0) {
      synchronized (this) {
        misses++;
      }
      return compute.get();
    }
    Key key = new Key(model, text, Set.copyOf(parts));
    synchronized (this) {
      Embedding kept = recent.get(key);
      if (kept != null) {
        hits++;
        return kept;
      }
      misses++;
    }
    Embedding fresh = compute.get();
    synchronized (this) {
      recent.put(key, fresh);
    }
    return fresh;
  }

  /** Queries answered from the cache. */
  synchronized long hits() {
    return hits;
  }

  /** Queries that ran the model. */
  synchronized long misses() {
    return misses;
  }

  /** Embeddings kept now. */
  synchronized int kept() {
    return recent.size();
  }
}
