package dev.ragserver.tools.bench.index;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.apache.lucene.util.VectorUtil;

/** Exact top 10 by dot product over vectors in memory: the truth recall is measured against. */
final class ExactTop10 {
  private ExactTop10() {}

  /** Indexes of the 10 best vectors, best first (ties: the lower index). */
  static int[] of(float[][] vectors, float[] query) {
    int[] best = new int[10];
    float[] scores = new float[10];
    Arrays.fill(scores, Float.NEGATIVE_INFINITY);
    for (int i = 0; i < vectors.length; i++) {
      float s = VectorUtil.dotProduct(query, vectors[i]);
      if (s > scores[9]) {
        int at = 9;
        while (at > 0 && scores[at - 1] < s) {
          scores[at] = scores[at - 1];
          best[at] = best[at - 1];
          at--;
        }
        scores[at] = s;
        best[at] = i;
      }
    }
    return best;
  }

  /** Their chunk ids ({@link SyntheticCorpus#id}). */
  static Set<String> ids(float[][] vectors, float[] query) {
    Set<String> ids = new HashSet<>();
    for (int b : of(vectors, query)) {
      ids.add(SyntheticCorpus.id(b));
    }
    return ids;
  }
}
