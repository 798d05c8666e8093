package dev.ragserver.tools.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * A reliability diagram: predictions put in equal-width bins of [0, 1], each bin's mean prediction
 * against the observed rate of positives in it, and the expected calibration error {@code ECE = Σ
 * (n_b / N) |mean prediction_b − observed rate_b|}.
 *
 * @param bins the bins, lowest first (empty bins included, with count 0)
 * @param ece the expected calibration error
 * @param samples predictions in all
 */
public record CalibrationCurve(List<Bin> bins, double ece, int samples) {
  public CalibrationCurve {
    bins = List.copyOf(bins);
  }

  /**
   * One bin.
   *
   * @param low its lower edge (inclusive)
   * @param high its upper edge (exclusive, but 1 is in the last bin)
   * @param count predictions in it
   * @param meanPredicted their mean
   * @param observed the share of them that were positive
   */
  public record Bin(double low, double high, int count, double meanPredicted, double observed) {}

  /** The curve of these predictions and outcomes over {@code binCount} bins. */
  public static CalibrationCurve of(double[] predicted, boolean[] positive, int binCount) {
    if (predicted.length != positive.length) {
      throw new IllegalArgumentException(
          "need one outcome per prediction, got: " + predicted.length + " and " + positive.length);
    }
    if (binCount < 1) {
      throw new IllegalArgumentException("binCount must be at least 1, got: " + binCount);
    }
    int[] n = new int[binCount];
    double[] sum = new double[binCount];
    int[] hits = new int[binCount];
    for (int i = 0; i < predicted.length; i++) {
      double p = predicted[i];
      if (!(p >= 0 && p <= 1)) {
        throw new IllegalArgumentException("predictions must lie in [0, 1], got: " + p);
      }
      int b = Math.min(binCount - 1, (int) (p * binCount));
      n[b]++;
      sum[b] += p;
      hits[b] += positive[i] ? 1 : 0;
    }
    List<Bin> bins = new ArrayList<>();
    double ece = 0;
    for (int b = 0; b < binCount; b++) {
      double mean = n[b] == 0 ? 0 : sum[b] / n[b];
      double observed = n[b] == 0 ? 0 : (double) hits[b] / n[b];
      bins.add(new Bin((double) b / binCount, (double) (b + 1) / binCount, n[b], mean, observed));
      if (n[b] > 0) {
        ece += (double) n[b] / predicted.length * Math.abs(mean - observed);
      }
    }
    return new CalibrationCurve(bins, ece, predicted.length);
  }
}
