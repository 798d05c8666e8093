package dev.ragserver.tools.eval;

/**
 * L2-regularised logistic regression fitted by Newton's method (iteratively reweighted least
 * squares): few features, thousands of samples, an exact optimum in a dozen steps. The intercept is
 * not penalised.
 */
public final class Logistic {
  private static final int MAX_STEPS = 100;

  private Logistic() {}

  /**
   * The fitted coefficients: {@code [intercept, w1, ..., wd]}.
   *
   * @param x one row of d features per sample
   * @param y 1 for a positive sample, 0 for a negative one
   * @param l2 the penalty on the squared weights (at least 0)
   */
  public static double[] fit(double[][] x, int[] y, double l2) {
    if (x.length == 0 || x.length != y.length) {
      throw new IllegalArgumentException(
          "need as many labels as samples (at least one), got: " + x.length + " and " + y.length);
    }
    if (!(l2 >= 0)) {
      throw new IllegalArgumentException("l2 must be at least 0, got: " + l2);
    }
    int d = x[0].length + 1;
    double[] w = new double[d];
    for (int step = 0; step < MAX_STEPS; step++) {
      double[] g = new double[d];
      double[][] h = new double[d][d];
      for (int i = 0; i < x.length; i++) {
        double[] row = row(x[i]);
        double p = sigmoid(dot(w, row));
        double r = p * (1 - p);
        for (int a = 0; a < d; a++) {
          g[a] += (p - y[i]) * row[a];
          for (int b = 0; b < d; b++) {
            h[a][b] += r * row[a] * row[b];
          }
        }
      }
      for (int a = 1; a < d; a++) {
        g[a] += l2 * w[a];
        h[a][a] += l2;
      }
      h[0][0] += 1e-9;
      double[] delta = solve(h, g);
      double size = 0;
      for (int a = 0; a < d; a++) {
        w[a] -= delta[a];
        size = Math.max(size, Math.abs(delta[a]));
      }
      if (size < 1e-10) {
        break;
      }
    }
    return w;
  }

  /** The logistic function. */
  public static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }

  private static double[] row(double[] features) {
    double[] r = new double[features.length + 1];
    r[0] = 1;
    System.arraycopy(features, 0, r, 1, features.length);
    return r;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  /** Solves h·x = g by Gaussian elimination with partial pivoting (h is symmetric positive). */
  private static double[] solve(double[][] h, double[] g) {
    int n = g.length;
    double[][] a = new double[n][n + 1];
    for (int i = 0; i < n; i++) {
      System.arraycopy(h[i], 0, a[i], 0, n);
      a[i][n] = g[i];
    }
    for (int c = 0; c < n; c++) {
      int pivot = c;
      for (int r = c + 1; r < n; r++) {
        if (Math.abs(a[r][c]) > Math.abs(a[pivot][c])) {
          pivot = r;
        }
      }
      double[] t = a[c];
      a[c] = a[pivot];
      a[pivot] = t;
      if (a[c][c] == 0) {
        continue;
      }
      for (int r = c + 1; r < n; r++) {
        double f = a[r][c] / a[c][c];
        for (int k = c; k <= n; k++) {
          a[r][k] -= f * a[c][k];
        }
      }
    }
    double[] out = new double[n];
    for (int r = n - 1; r >= 0; r--) {
      double s = a[r][n];
      for (int k = r + 1; k < n; k++) {
        s -= a[r][k] * out[k];
      }
      out[r] = a[r][r] == 0 ? 0 : s / a[r][r];
    }
    return out;
  }
}
