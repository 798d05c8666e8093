package dev.ragserver.model.encoder;

/** Small vector helpers over float arrays. */
final class Vectors {
  private Vectors() {}

  /** Scales {@code a[off .. off+len)} to unit length (left as is when all zero). */
  static void normalize(float[] a, int off, int len) {
    double sum = 0;
    for (int i = off; i < off + len; i++) {
      sum += a[i] * a[i];
    }
    double norm = Math.sqrt(sum);
    if (norm < 1e-12) {
      return;
    }
    float scale = (float) (1.0 / norm);
    for (int i = off; i < off + len; i++) {
      a[i] *= scale;
    }
  }
}
