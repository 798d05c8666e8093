package dev.ragserver.tools.eval;

import dev.ragserver.index.filter.Filter;
import dev.ragserver.index.relevance.RelevanceContext;
import dev.ragserver.index.relevance.RelevanceFeatures;
import dev.ragserver.index.relevance.RelevanceModel;
import dev.ragserver.index.schema.ChunkFields;
import dev.ragserver.index.search.Hit;
import dev.ragserver.index.search.SearchResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fits and checks a {@link RelevanceModel} on judged queries: each query's top {@link #HITS} hits
 * under a pipeline are samples (features from their legs' raw scores, label: judged relevant), a
 * logistic regression is fitted on one split and its calibration measured on another.
 */
public final class Calibrator {
  /** Hits per query that become samples (what a RAG app puts in its prompt). */
  public static final int HITS = 10;

  /** The L2 penalty of the fit: enough to keep unused legs' weights at 0. */
  public static final double L2 = 1.0;

  /** Bins of the calibration curve. */
  public static final int BINS = 10;

  private final Pipeline pipeline;

  public Calibrator(Pipeline pipeline) {
    this.pipeline = pipeline;
  }

  /** A hit, what its query's scores are read against, and its judgement. */
  record Sample(Hit hit, RelevanceContext context, boolean relevant) {
    double[] features() {
      return RelevanceFeatures.of(hit.legs(), context);
    }

    double estimate(RelevanceModel model) {
      return model.estimate(hit.legs(), context);
    }
  }

  /** Every query's top hits, by query id (each query searched once). */
  private Map<String, SearchResult> results(Evaluator split) {
    Map<String, SearchResult> out = new LinkedHashMap<>();
    for (String q : split.queries().keySet()) {
      out.put(q, split.search(pipeline, q, HITS, null));
    }
    return out;
  }

  /** The top hits of these results, judged. */
  private static List<Sample> samples(
      Map<String, SearchResult> results, Map<String, Map<String, Integer>> qrels) {
    List<Sample> out = new ArrayList<>();
    results.forEach(
        (q, r) -> {
          Map<String, Integer> rel = qrels.getOrDefault(q, Map.of());
          for (Hit h : r.hits()) {
            out.add(
                new Sample(
                    h, r.relevanceContext(), rel.getOrDefault(h.chunk().documentId(), 0) > 0));
          }
        });
    return out;
  }

  /** Fits a model on a split's judged top hits. */
  public RelevanceModel fit(
      Evaluator split, Map<String, Map<String, Integer>> qrels, String model, String fittedOn) {
    List<Sample> samples = samples(results(split), qrels);
    double[][] x = new double[samples.size()][];
    int[] y = new int[samples.size()];
    for (int i = 0; i < samples.size(); i++) {
      x[i] = samples.get(i).features();
      y[i] = samples.get(i).relevant() ? 1 : 0;
    }
    double[] w = Logistic.fit(x, y, L2);
    double[] weights = new double[w.length - 1];
    System.arraycopy(w, 1, weights, 0, weights.length);
    return RelevanceModel.of(model, fittedOn, w[0], weights);
  }

  /**
   * How well a model is calibrated on a split, and what its threshold does.
   *
   * @param curve predicted vs observed rate of relevant among the top hits
   * @param topHitAbove share of queries whose top hit reaches the threshold
   * @param unanswerable queries run with their relevant documents filtered out
   * @param unanswerableEmpty share of those that return nothing at the threshold
   * @param threshold the threshold
   */
  public record Report(
      CalibrationCurve curve,
      double topHitAbove,
      int unanswerable,
      double unanswerableEmpty,
      float threshold) {}

  /**
   * The model's calibration on a split; then each query again with its relevant documents removed
   * (filtered out: what a question whose answer is not in the corpus looks like), counting those
   * whose top hit falls below the threshold, i.e. that return nothing at {@code min_relevance}.
   */
  public Report report(
      RelevanceModel model,
      Evaluator split,
      Map<String, Map<String, Integer>> qrels,
      float threshold) {
    Map<String, SearchResult> results = results(split);
    List<Sample> samples = samples(results, qrels);
    double[] p = new double[samples.size()];
    boolean[] positive = new boolean[samples.size()];
    for (int i = 0; i < samples.size(); i++) {
      p[i] = samples.get(i).estimate(model);
      positive[i] = samples.get(i).relevant();
    }
    int queries = 0;
    int topAbove = 0;
    int unanswerable = 0;
    int empty = 0;
    for (Map.Entry<String, SearchResult> e : results.entrySet()) {
      String q = e.getKey();
      SearchResult top = e.getValue();
      queries++;
      if (!top.hits().isEmpty() && topRelevance(model, top) >= threshold) {
        topAbove++;
      }
      List<Object> relevant = new ArrayList<>();
      qrels
          .getOrDefault(q, Map.of())
          .forEach(
              (doc, grade) -> {
                if (grade > 0) {
                  relevant.add(doc);
                }
              });
      if (relevant.isEmpty()) {
        continue;
      }
      unanswerable++;
      Filter without = new Filter.Not(new Filter.In(ChunkFields.DOC_ID, relevant));
      SearchResult rest = split.search(pipeline, q, 1, without);
      if (rest.hits().isEmpty() || topRelevance(model, rest) < threshold) {
        empty++;
      }
    }
    return new Report(
        CalibrationCurve.of(p, positive, BINS),
        queries == 0 ? 0 : (double) topAbove / queries,
        unanswerable,
        unanswerable == 0 ? 0 : (double) empty / unanswerable,
        threshold);
  }

  /** The top hit's relevance under a model (the result has at least one hit). */
  private static double topRelevance(RelevanceModel model, SearchResult r) {
    return model.estimate(r.hits().get(0).legs(), r.relevanceContext());
  }
}
