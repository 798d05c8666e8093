package dev.ragserver.tools.eval;

import dev.ragserver.index.collection.CollectionIndex;
import dev.ragserver.model.EmbeddingPart;
import dev.ragserver.model.TextEmbedder;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Searches fusion settings on the <em>train</em> split only: RRF with k ∈ {60, 20, 10} and leg
 * weights (dense ∈ {1, 0.5}, BM25 ∈ {1, 0.75, 0.5}, ColBERT ∈ {1, 2, 3}; with k 60 dense stays 1
 * and BM25 ∈ {1, 0.5}), and min–max weighted fusion with BM25 ∈ {0.2, 0.4}, ColBERT ∈ {1, 2}: 47
 * settings × the train queries (about 20 minutes with the built-in model on 2 cores). Ties go to
 * the earlier (simpler) setting.
 */
public final class Tuner {
  private final CollectionIndex index;
  private final TextEmbedder embedder;
  private final BeirDataset data;
  private final PrintWriter log;

  public Tuner(CollectionIndex index, TextEmbedder embedder, BeirDataset data, PrintWriter log) {
    this.index = index;
    this.embedder = embedder;
    this.data = data;
    this.log = log;
  }

  /**
   * The best setting and its train scores.
   *
   * @param pipeline the setting
   * @param train its scores on the train split
   */
  public record Outcome(Pipeline pipeline, Evaluator.Result train) {}

  /** The candidate settings, simplest first. */
  List<Pipeline> candidates() {
    boolean colbert = embedder.info().parts().contains(EmbeddingPart.MULTI_VECTOR);
    boolean sparse = embedder.info().parts().contains(EmbeddingPart.SPARSE);
    List<Pipeline> out = new ArrayList<>();
    out.add(Pipeline.named().get("default"));
    String extra = sparse ? ",sparse=1" : "";
    for (int k : new int[] {60, 20, 10}) {
      for (double dense : k == 60 ? new double[] {1} : new double[] {1, 0.5}) {
        for (double bm25 : k == 60 ? new double[] {1, 0.5} : new double[] {1, 0.75, 0.5}) {
          for (double cb : colbert ? new double[] {1, 2, 3} : new double[] {0}) {
            out.add(
                Pipeline.parse(
                    String.format(
                        Locale.ROOT,
                        "rrf:k=%d,dense=%s,bm25=%s%s%s",
                        k,
                        num(dense),
                        num(bm25),
                        colbert ? ",colbert=" + num(cb) : "",
                        extra)));
          }
        }
      }
    }
    for (double bm25 : new double[] {0.2, 0.4}) {
      for (double cb : colbert ? new double[] {1, 2} : new double[] {0}) {
        out.add(
            Pipeline.parse(
                String.format(
                    Locale.ROOT,
                    "weighted:dense=1,bm25=%s%s%s",
                    num(bm25),
                    colbert ? ",colbert=" + num(cb) : "",
                    extra)));
      }
    }
    return out;
  }

  private static String num(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }

  /** Runs every candidate on the train split and returns the best by nDCG@10. */
  public Outcome tune() throws IOException {
    Evaluator train = new Evaluator(index, embedder, data.queries("train"), data.qrels("train"));
    Outcome best = null;
    for (Pipeline p : candidates()) {
      Evaluator.Result r = train.run(p);
      log.printf(Locale.ROOT, "  train %-45s nDCG@10 %.4f%n", p.name(), r.ndcg10());
      log.flush();
      if (best == null || r.ndcg10() > best.train().ndcg10() + 1e-9) {
        best = new Outcome(p, r);
      }
    }
    return best;
  }
}
