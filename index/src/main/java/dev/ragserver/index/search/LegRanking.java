package dev.ragserver.index.search;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * One leg's candidates, best first: Lucene doc ids with raw scores and chunk ids; equal scores are
 * ordered by chunk id, so ranks do not depend on segment layout.
 *
 * @param leg the leg
 * @param docs doc ids, best first
 * @param scores raw scores, parallel to docs
 * @param chunkIds chunk ids, parallel to docs
 */
@SuppressWarnings("ArrayRecordComponent")
// arrays on purpose (parallel arrays of one ranking, built and read on every query); a carrier,
// never compared: identity equality is all it needs
public record LegRanking(Leg leg, int[] docs, float[] scores, String[] chunkIds) {
  public LegRanking {
    if (docs.length != scores.length || docs.length != chunkIds.length) {
      throw new IllegalArgumentException("docs, scores and chunk ids must have the same length");
    }
  }

  /** Candidates sorted by score descending, then chunk id ascending. */
  public static LegRanking sorted(Leg leg, int[] docs, float[] scores, String[] chunkIds) {
    Integer[] order = new Integer[docs.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(
        order,
        Comparator.comparingDouble((Integer i) -> -scores[i]).thenComparing(i -> chunkIds[i]));
    int[] d = new int[docs.length];
    float[] s = new float[docs.length];
    String[] c = new String[docs.length];
    for (int i = 0; i < order.length; i++) {
      d[i] = docs[order[i]];
      s[i] = scores[order[i]];
      c[i] = chunkIds[order[i]];
    }
    return new LegRanking(leg, d, s, c);
  }

  /** The first {@code n} candidates. */
  public LegRanking top(int n) {
    if (n >= docs.length) {
      return this;
    }
    return new LegRanking(
        leg, Arrays.copyOf(docs, n), Arrays.copyOf(scores, n), Arrays.copyOf(chunkIds, n));
  }

  /** Number of candidates. */
  public int size() {
    return docs.length;
  }

  /** For tests and tools: a ranking from explicit values. */
  public static LegRanking of(
      Leg leg, List<Integer> docs, List<Float> scores, List<String> chunkIds) {
    int[] d = docs.stream().mapToInt(Integer::intValue).toArray();
    float[] s = new float[scores.size()];
    for (int i = 0; i < s.length; i++) {
      s[i] = scores.get(i);
    }
    return sorted(leg, d, s, chunkIds.toArray(String[]::new));
  }
}
