package dev.ragserver.index.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Fusion arithmetic against values computed by hand. */
class FuserTest {
  private static final LegRanking DENSE =
      LegRanking.of(Leg.DENSE, List.of(1, 2, 3), List.of(0.9f, 0.8f, 0.5f), List.of("a", "b", "c"));
  private static final LegRanking BM25 =
      LegRanking.of(Leg.BM25, List.of(3, 4), List.of(12f, 4f), List.of("c", "d"));

  private static Fuser.Fused find(List<Fuser.Fused> fused, String chunk) {
    return fused.stream().filter(f -> f.chunkId().equals(chunk)).findFirst().orElseThrow();
  }

  @Test
  void rrfSumsWeightOverKPlusRank() {
    List<Fuser.Fused> fused =
        Fuser.fuse(new Fusion.Rrf(60), List.of(DENSE, BM25), Map.of(Leg.DENSE, 1f, Leg.BM25, 1f));
    assertEquals(1 / 63f + 1 / 61f, find(fused, "c").score(), 1e-7);
    assertEquals(1 / 61f, find(fused, "a").score(), 1e-7);
    assertEquals(1 / 62f, find(fused, "d").score(), 1e-7);
    assertEquals(List.of("c", "a", "b", "d"), fused.stream().map(Fuser.Fused::chunkId).toList());
    // normalised by the best possible score, 2 / 61
    assertEquals((1 / 63f + 1 / 61f) / (2 / 61f), find(fused, "c").normalized(), 1e-6);
    assertEquals(new LegScore(12f, 1), find(fused, "c").legs().get(Leg.BM25));
    assertNull(find(fused, "a").legs().get(Leg.BM25), "a leg that missed a chunk reports nothing");
  }

  @Test
  void rrfLegWeightsScaleTheirContribution() {
    List<Fuser.Fused> fused =
        Fuser.fuse(new Fusion.Rrf(10), List.of(DENSE, BM25), Map.of(Leg.DENSE, 2f, Leg.BM25, 0.5f));
    assertEquals(2 / 13f + 0.5f / 11f, find(fused, "c").score(), 1e-7);
  }

  @Test
  void weightedMinMaxNormalisesEachLeg() {
    List<Fuser.Fused> fused =
        Fuser.fuse(
            new Fusion.Weighted(Normalization.MIN_MAX),
            List.of(DENSE, BM25),
            Map.of(Leg.DENSE, 0.6f, Leg.BM25, 0.4f));
    // dense: a 1, b (0.8-0.5)/0.4 = 0.75, c 0; bm25: c 1, d 0
    assertEquals(0.6f, find(fused, "a").score(), 1e-6);
    assertEquals(0.6f * 0.75f, find(fused, "b").score(), 1e-6);
    assertEquals(0.4f, find(fused, "c").score(), 1e-6);
    assertEquals(0f, find(fused, "d").score(), 1e-6);
    assertEquals(0.6f / 1.0f, find(fused, "a").normalized(), 1e-6);
  }

  @Test
  void weightedZScoreMapsMeanPlusMinusThreeSigma() {
    List<Fuser.Fused> fused =
        Fuser.fuse(new Fusion.Weighted(Normalization.Z_SCORE), List.of(BM25), Map.of(Leg.BM25, 1f));
    // mean 8, sd 4: 12 → (12 - (8 - 12)) / 24 = 16/24
    assertEquals(16 / 24f, find(fused, "c").score(), 1e-6);
    assertEquals(8 / 24f, find(fused, "d").score(), 1e-6);
  }

  @Test
  void m3IsTheWeightedMeanOfRawScores() {
    LegRanking sparse = LegRanking.of(Leg.SPARSE, List.of(1), List.of(0.3f), List.of("a"));
    LegRanking colbert =
        LegRanking.of(Leg.COLBERT, List.of(1, 2), List.of(0.7f, 0.6f), List.of("a", "b"));
    Map<Leg, Float> w = Map.of(Leg.DENSE, 0.4f, Leg.SPARSE, 0.2f, Leg.COLBERT, 0.4f);
    List<Fuser.Fused> fused = Fuser.fuse(new Fusion.M3(), List.of(DENSE, sparse, colbert), w);
    assertEquals(0.4f * 0.9f + 0.2f * 0.3f + 0.4f * 0.7f, find(fused, "a").score(), 1e-6);
    assertEquals(0.4f * 0.8f + 0.4f * 0.6f, find(fused, "b").score(), 1e-6);
  }

  @Test
  void equalScoresAreOrderedByChunkId() {
    LegRanking tied =
        LegRanking.of(
            Leg.DENSE, List.of(7, 3, 5), List.of(0.5f, 0.5f, 0.5f), List.of("z", "m", "a"));
    assertEquals(List.of("a", "m", "z"), List.of(tied.chunkIds()));
    List<Fuser.Fused> fused =
        Fuser.fuse(
            new Fusion.Rrf(60),
            List.of(
                LegRanking.of(Leg.DENSE, List.of(1), List.of(1f), List.of("q")),
                LegRanking.of(Leg.BM25, List.of(2), List.of(1f), List.of("p"))),
            Map.of(Leg.DENSE, 1f, Leg.BM25, 1f));
    assertEquals(List.of("p", "q"), fused.stream().map(Fuser.Fused::chunkId).toList());
  }

  @Test
  void defaultWeightsDependOnTheFusion() {
    assertEquals(1f, Fuser.weight(new Fusion.Rrf(60), LegSpec.of(Leg.BM25)));
    assertEquals(0.4f, Fuser.weight(new Fusion.M3(), LegSpec.of(Leg.DENSE)));
    assertEquals(0.2f, Fuser.weight(new Fusion.M3(), LegSpec.of(Leg.SPARSE)));
    assertEquals(0f, Fuser.weight(new Fusion.M3(), LegSpec.of(Leg.BM25)));
    assertEquals(3f, Fuser.weight(new Fusion.M3(), new LegSpec(Leg.BM25, 0, 3f)));
  }
}
