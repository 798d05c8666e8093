package dev.ragserver.index.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Combines leg rankings into one; pure, so its arithmetic can be checked by hand. */
public final class Fuser {
  /** FlagEmbedding's example weights for BGE-M3's combined score. */
  static final Map<Leg, Float> M3_WEIGHTS =
      Map.of(Leg.DENSE, 0.4f, Leg.SPARSE, 0.2f, Leg.COLBERT, 0.4f);

  private Fuser() {}

  /**
   * A fused candidate.
   *
   * @param doc Lucene doc id
   * @param chunkId chunk id (the tie-breaker)
   * @param score fused score
   * @param normalized fused score scaled to 0..1
   * @param legs per-leg raw score and rank
   */
  public record Fused(
      int doc, String chunkId, float score, float normalized, Map<Leg, LegScore> legs) {}

  /** The weight of a leg: the requested one, else the fusion's default. */
  public static float weight(Fusion fusion, LegSpec spec) {
    if (!Float.isNaN(spec.weight())) {
      return spec.weight();
    }
    return fusion instanceof Fusion.M3 ? M3_WEIGHTS.getOrDefault(spec.leg(), 0f) : 1f;
  }

  /** Fuses rankings (each best first) with the given weights; sorted by score, then chunk id. */
  public static List<Fused> fuse(
      Fusion fusion, List<LegRanking> rankings, Map<Leg, Float> weights) {
    Map<Integer, Map<Leg, LegScore>> byDoc = new HashMap<>();
    Map<Integer, String> chunkIds = new HashMap<>();
    Map<Integer, Float> scores = new HashMap<>();
    float weightSum = 0;
    float rrfMax = 0;
    for (LegRanking r : rankings) {
      float w = weights.getOrDefault(r.leg(), 1f);
      weightSum += w;
      float[] normalized = normalize(fusion, r);
      if (fusion instanceof Fusion.Rrf rrf) {
        rrfMax += w / (rrf.k() + 1f);
      }
      for (int i = 0; i < r.size(); i++) {
        int doc = r.docs()[i];
        chunkIds.put(doc, r.chunkIds()[i]);
        byDoc
            .computeIfAbsent(doc, d -> new EnumMap<>(Leg.class))
            .put(r.leg(), new LegScore(r.scores()[i], i + 1));
        float contribution =
            switch (fusion) {
              case Fusion.Rrf rrf -> w / (rrf.k() + i + 1f);
              case Fusion.Weighted ignored -> w * normalized[i];
              case Fusion.M3 ignored -> w * r.scores()[i];
            };
        scores.merge(doc, contribution, Float::sum);
      }
    }
    List<Fused> fused = new ArrayList<>(byDoc.size());
    for (Map.Entry<Integer, Map<Leg, LegScore>> e : byDoc.entrySet()) {
      float sum = scores.get(e.getKey());
      float score = fusion instanceof Fusion.M3 ? (weightSum == 0 ? 0 : sum / weightSum) : sum;
      float normalized =
          switch (fusion) {
            case Fusion.Rrf ignored -> rrfMax == 0 ? 0 : score / rrfMax;
            case Fusion.Weighted ignored -> weightSum == 0 ? 0 : score / weightSum;
            case Fusion.M3 ignored -> Math.max(0f, Math.min(1f, score));
          };
      fused.add(new Fused(e.getKey(), chunkIds.get(e.getKey()), score, normalized, e.getValue()));
    }
    fused.sort(Comparator.comparingDouble((Fused f) -> -f.score()).thenComparing(Fused::chunkId));
    return fused;
  }

  /** Per-leg normalised scores for weighted fusion (unused by the other fusions). */
  static float[] normalize(Fusion fusion, LegRanking r) {
    float[] out = new float[r.size()];
    if (!(fusion instanceof Fusion.Weighted w) || r.size() == 0) {
      return out;
    }
    float[] s = r.scores();
    if (w.normalization() == Normalization.MIN_MAX) {
      float min = Float.POSITIVE_INFINITY;
      float max = Float.NEGATIVE_INFINITY;
      for (float x : s) {
        min = Math.min(min, x);
        max = Math.max(max, x);
      }
      for (int i = 0; i < s.length; i++) {
        out[i] = max == min ? 1f : (s[i] - min) / (max - min);
      }
      return out;
    }
    double mean = 0;
    for (float x : s) {
      mean += x;
    }
    mean /= s.length;
    double var = 0;
    for (float x : s) {
      var += (x - mean) * (x - mean);
    }
    double sd = Math.sqrt(var / s.length);
    for (int i = 0; i < s.length; i++) {
      out[i] = sd == 0 ? 1f : (float) Math.max(0, Math.min(1, (s[i] - (mean - 3 * sd)) / (6 * sd)));
    }
    return out;
  }
}
