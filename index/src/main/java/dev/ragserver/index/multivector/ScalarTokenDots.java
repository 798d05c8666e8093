package dev.ragserver.index.multivector;

import org.apache.lucene.util.VectorUtil;

/**
 * Token dot products through Lucene's {@link VectorUtil}: an int8 document token is dequantised
 * into a buffer once, then meets every query token. The fallback without the JDK vector module.
 */
final class ScalarTokenDots implements TokenDots {
  private float[] buffer = new float[0];

  @Override
  public void int8(float[][] query, byte[] bytes, int from, int dim, float scale, float[] out) {
    if (buffer.length != dim) {
      buffer = new float[dim];
    }
    for (int k = 0; k < dim; k++) {
      buffer[k] = bytes[from + k];
    }
    for (int i = 0; i < query.length; i++) {
      out[i] = VectorUtil.dotProduct(query[i], buffer) * scale;
    }
  }

  @Override
  public void floats(float[][] query, float[] doc, float[] out) {
    for (int i = 0; i < query.length; i++) {
      out[i] = VectorUtil.dotProduct(query[i], doc);
    }
  }
}
