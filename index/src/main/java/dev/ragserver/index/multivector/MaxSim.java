package dev.ragserver.index.multivector;

import dev.ragserver.config.MultiVectorPrecision;
import dev.ragserver.model.MultiVector;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.VectorUtil;

/**
 * BGE-M3's late-interaction score of one query against stored documents:
 * {@code (1/|q|) Σ_i max_j q_i · p_j}, the mean over query tokens of the best document token.
 * One instance per query and thread: buffers are reused, nothing is allocated per token, dot
 * products go through Lucene's {@link VectorUtil} (SIMD with the JDK vector module). Query tokens
 * stay float32; an int8 document token is dequantised once and then meets every query token
 * (as fast as int8 × int8 byte dot products here, and more exact).
 */
public final class MaxSim {
  private final int dim;
  private final float[][] query;
  private final float[] docFloat;
  private final float[] best;

  /** A scorer for this query's token vectors. */
  public MaxSim(MultiVector queryVectors) {
    this.dim = queryVectors.dimension();
    int n = queryVectors.count();
    this.query = new float[n][];
    for (int i = 0; i < n; i++) {
      query[i] = queryVectors.vector(i);
    }
    this.docFloat = new float[dim];
    this.best = new float[n];
  }

  /** The score of one stored document value. */
  public float score(BytesRef stored) {
    MultiVectorPrecision precision = MultiVectorCodec.precisionOf(stored);
    int count = MultiVectorCodec.countOf(stored);
    if (count == 0) {
      return 0f;
    }
    ByteBuffer in = ByteBuffer.wrap(stored.bytes, stored.offset, stored.length).order(ByteOrder.LITTLE_ENDIAN);
    int base = stored.offset + MultiVectorCodec.HEADER;
    int stride = MultiVectorCodec.bytesPerVector(precision, dim);
    Arrays.fill(best, Float.NEGATIVE_INFINITY);
    for (int j = 0; j < count; j++) {
      int at = base + j * stride;
      switch (precision) {
        case FP32 -> {
          for (int k = 0; k < dim; k++) {
            docFloat[k] = in.getFloat(at - stored.offset + 4 * k);
          }
          for (int i = 0; i < query.length; i++) {
            best[i] = Math.max(best[i], VectorUtil.dotProduct(query[i], docFloat));
          }
        }
        case INT8 -> {
          // dequantise the document token once, then exact float dot products with every query token
          float scale = in.getFloat(at - stored.offset);
          int from = at + 4;
          for (int k = 0; k < dim; k++) {
            docFloat[k] = stored.bytes[from + k] * scale;
          }
          for (int i = 0; i < query.length; i++) {
            best[i] = Math.max(best[i], VectorUtil.dotProduct(query[i], docFloat));
          }
        }
        case BINARY -> {
          float unit = (float) (1 / Math.sqrt(dim));
          for (int k = 0; k < dim; k++) {
            docFloat[k] = (stored.bytes[at + (k >> 3)] & (1 << (k & 7))) != 0 ? unit : -unit;
          }
          for (int i = 0; i < query.length; i++) {
            best[i] = Math.max(best[i], VectorUtil.dotProduct(query[i], docFloat));
          }
        }
      }
    }
    double sum = 0;
    for (float b : best) {
      sum += b;
    }
    return (float) (sum / query.length);
  }

  /** The exact score of two in-memory multi-vectors (the reference the stored forms approximate). */
  public static float exact(MultiVector query, MultiVector doc) {
    double sum = 0;
    for (int i = 0; i < query.count(); i++) {
      float[] q = query.vector(i);
      float max = Float.NEGATIVE_INFINITY;
      for (int j = 0; j < doc.count(); j++) {
        max = Math.max(max, VectorUtil.dotProduct(q, doc.vector(j)));
      }
      sum += max;
    }
    return (float) (sum / query.count());
  }
}
