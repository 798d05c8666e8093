package dev.ragserver.tools.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The metrics against values computed by hand from trec_eval's definitions. */
class RankingMetricsTest {
  private static final double LOG2_3 = Math.log(3) / Math.log(2);

  @Test
  void oneOfTwoRelevantDocumentsAtRankTwo() {
    List<String> ranked = List.of("d1", "d2", "d3");
    Map<String, Integer> rel = Map.of("d2", 1, "d4", 1);
    // DCG = 1/log2(3); IDCG = 1/log2(2) + 1/log2(3)
    assertEquals((1 / LOG2_3) / (1 + 1 / LOG2_3), RankingMetrics.ndcg(ranked, rel, 10), 1e-12);
    assertEquals(0.38685280723454163, RankingMetrics.ndcg(ranked, rel, 10), 1e-12);
    assertEquals(0.5, RankingMetrics.recall(ranked, rel, 100), 1e-12);
    assertEquals(0.5, RankingMetrics.mrr(ranked, rel, 10), 1e-12);
  }

  @Test
  void gradedRelevanceUsesLinearGainLikeTrecEval() {
    List<String> ranked = List.of("a", "b", "c");
    Map<String, Integer> rel = Map.of("a", 1, "c", 2);
    // DCG = 1/1 + 2/log2(4) = 2; IDCG = 2/1 + 1/log2(3)
    assertEquals(2.0 / (2 + 1 / LOG2_3), RankingMetrics.ndcg(ranked, rel, 10), 1e-12);
    assertEquals(1.0, RankingMetrics.mrr(ranked, rel, 10), 1e-12);
  }

  @Test
  void aPerfectRankingScoresOneAndCutoffsApply() {
    assertEquals(1.0, RankingMetrics.ndcg(List.of("x", "y"), Map.of("x", 1, "y", 1), 10), 1e-12);
    List<String> late = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      late.add("n" + i);
    }
    late.add("hit");
    Map<String, Integer> rel = Map.of("hit", 1);
    assertEquals(0.0, RankingMetrics.ndcg(late, rel, 10), 1e-12, "rank 11 is past @10");
    assertEquals(0.0, RankingMetrics.mrr(late, rel, 10), 1e-12);
    assertEquals(1.0, RankingMetrics.recall(late, rel, 100), 1e-12);
    assertEquals(0.0, RankingMetrics.recall(late, rel, 10), 1e-12);
  }

  @Test
  void aDocumentRankedTwiceCountsOnce() {
    List<String> ranked = List.of("d2", "d2", "d1");
    Map<String, Integer> rel = Map.of("d1", 1);
    assertEquals(1 / LOG2_3, RankingMetrics.ndcg(ranked, rel, 10), 1e-12);
    assertEquals(0.5, RankingMetrics.mrr(ranked, rel, 10), 1e-12);
  }
}
