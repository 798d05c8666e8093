package dev.ragserver.tools.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * trec_eval's definitions, as BEIR reports them (through pytrec_eval): for a ranked list of
 * document ids and the judged relevant ones,
 *
 * <ul>
 *   <li>nDCG@k = DCG@k / IDCG@k with DCG = Σ_{i=1..k} rel_i / log2(i + 1) (linear gain) and IDCG
 *       the DCG of the judgments sorted by relevance;
 *   <li>Recall@k = |relevant ∩ top k| / |relevant|;
 *   <li>MRR@k = 1 / rank of the first relevant document within k, else 0.
 * </ul>
 *
 * A document id appearing twice counts once (the first time).
 */
public final class RankingMetrics {
  private RankingMetrics() {}

  private static List<String> unique(List<String> ranked) {
    List<String> out = new ArrayList<>();
    for (String id : ranked) {
      if (!out.contains(id)) {
        out.add(id);
      }
    }
    return out;
  }

  public static double ndcg(List<String> ranked, Map<String, Integer> relevant, int k) {
    List<String> list = unique(ranked);
    double dcg = 0;
    for (int i = 0; i < Math.min(k, list.size()); i++) {
      dcg += relevant.getOrDefault(list.get(i), 0) / log2(i + 2);
    }
    List<Integer> ideal = new ArrayList<>(relevant.values());
    ideal.sort((a, b) -> Integer.compare(b, a));
    double idcg = 0;
    for (int i = 0; i < Math.min(k, ideal.size()); i++) {
      idcg += ideal.get(i) / log2(i + 2);
    }
    return idcg == 0 ? 0 : dcg / idcg;
  }

  public static double recall(List<String> ranked, Map<String, Integer> relevant, int k) {
    if (relevant.isEmpty()) {
      return 0;
    }
    List<String> list = unique(ranked);
    long found =
        list.subList(0, Math.min(k, list.size())).stream().filter(relevant::containsKey).count();
    return (double) found / relevant.size();
  }

  public static double mrr(List<String> ranked, Map<String, Integer> relevant, int k) {
    List<String> list = unique(ranked);
    for (int i = 0; i < Math.min(k, list.size()); i++) {
      if (relevant.containsKey(list.get(i))) {
        return 1.0 / (i + 1);
      }
    }
    return 0;
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }
}
