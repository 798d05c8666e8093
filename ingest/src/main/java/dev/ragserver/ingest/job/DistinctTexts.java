package dev.ragserver.ingest.job;

import dev.ragserver.model.Embedding;
import dev.ragserver.model.EmbeddingBatch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Embeds each distinct chunk text of a job once: texts repeated within a call, or seen again later
 * in the job (headers, footers, disclaimers, the same file under two names), reuse the embedding
 * the model gave them. Remembered embeddings are bounded by their floats (least recently used
 * dropped first), as token vectors make each one large. Not thread-safe: one per job.
 */
final class DistinctTexts {
  private final long maxFloats;
  private final LinkedHashMap<String, Embedding> seen = new LinkedHashMap<>(16, 0.75f, true);
  private long floats;
  private long reused;

  /**
   * @param maxFloats most floats (dense and token vectors) of remembered embeddings
   */
  DistinctTexts(long maxFloats) {
    this.maxFloats = maxFloats;
  }

  /**
   * The texts' embeddings in order; the model embeds only the distinct texts not seen before, in
   * the order they first appear. Null when the model returns null (the job was cancelled).
   */
  EmbeddingBatch embed(List<String> texts, Function<List<String>, EmbeddingBatch> model) {
    Set<String> fresh = new LinkedHashSet<>();
    for (String t : texts) {
      if (!seen.containsKey(t)) {
        fresh.add(t);
      }
    }
    Map<String, Embedding> embedded = new HashMap<>();
    if (!fresh.isEmpty()) {
      List<String> distinct = new ArrayList<>(fresh);
      EmbeddingBatch batch = model.apply(distinct);
      if (batch == null) {
        return null;
      }
      for (int i = 0; i < distinct.size(); i++) {
        embedded.put(distinct.get(i), batch.get(i));
      }
    }
    List<Embedding> out = new ArrayList<>(texts.size());
    int truncated = 0;
    long tokens = 0;
    for (String t : texts) {
      Embedding e = embedded.get(t);
      if (e == null) {
        e = seen.get(t);
        reused++;
      } else if (!fresh.remove(t)) {
        reused++; // the second copy of a text new in this call
      }
      out.add(e);
      truncated += e.truncated() ? 1 : 0;
      tokens += e.tokens();
    }
    embedded.forEach(this::remember);
    return new EmbeddingBatch(out, truncated, tokens);
  }

  /** Chunks whose embedding was reused rather than computed. */
  long reused() {
    return reused;
  }

  private void remember(String text, Embedding e) {
    long size = floats(e);
    if (size > maxFloats) {
      return;
    }
    seen.put(text, e);
    floats += size;
    var oldest = seen.entrySet().iterator();
    while (floats > maxFloats && oldest.hasNext()) {
      floats -= floats(oldest.next().getValue());
      oldest.remove();
    }
  }

  private static long floats(Embedding e) {
    long n = e.dense() == null ? 0 : e.dense().length;
    if (e.multiVector() != null) {
      n += (long) e.multiVector().count() * e.multiVector().dimension();
    }
    if (e.sparse() != null) {
      n += 2L * e.sparse().size();
    }
    return n;
  }
}
