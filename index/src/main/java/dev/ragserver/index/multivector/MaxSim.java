package dev.ragserver.index.multivector;

import dev.ragserver.config.MultiVectorPrecision;
import dev.ragserver.model.MultiVector;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.VectorUtil;

/**
 * BGE-M3's late-interaction score of one query against stored documents: {@code (1/|q|) Σ_i max_j
 * q_i · p_j}, the mean over query tokens of the best document token. One instance per query and
 * thread: buffers are reused, nothing is allocated per token. Query tokens stay float32; the dot
 * products of all query tokens with one document token come from {@link TokenDots} (JDK vector API,
 * int8 widened to float in registers, four query tokens per pass over the document token; Lucene's
 * {@link VectorUtil} without the vector module).
 */
public final class MaxSim {
  private final int dim;
  private final float[][] query;
  private final float[] docFloat;
  private final float[] dots;
  private final float[] best;
  private final TokenDots kernel = TokenDots.create();

  /** A scorer for this query's token vectors. */
  public MaxSim(MultiVector queryVectors) {
    this.dim = queryVectors.dimension();
    int n = queryVectors.count();
    this.query = new float[n][];
    for (int i = 0; i < n; i++) {
      query[i] = queryVectors.vector(i);
    }
    this.docFloat = new float[dim];
    this.dots = new float[n];
    this.best = new float[n];
  }

  /** The score of one stored document value. */
  public float score(BytesRef stored) {
    MultiVectorPrecision precision = MultiVectorCodec.precisionOf(stored);
    int count = MultiVectorCodec.countOf(stored);
    if (count == 0) {
      return 0f;
    }
    ByteBuffer in = ByteBuffer.wrap(stored.bytes).order(ByteOrder.LITTLE_ENDIAN);
    int base = stored.offset + MultiVectorCodec.HEADER;
    int stride = MultiVectorCodec.bytesPerVector(precision, dim);
    Arrays.fill(best, Float.NEGATIVE_INFINITY);
    for (int j = 0; j < count; j++) {
      int at = base + j * stride;
      switch (precision) {
        case FP32 -> {
          in.position(at);
          in.asFloatBuffer().get(docFloat);
          kernel.floats(query, docFloat, dots);
        }
        case INT8 -> kernel.int8(query, stored.bytes, at + 4, dim, in.getFloat(at), dots);
        case BINARY -> {
          float unit = (float) (1 / Math.sqrt(dim));
          for (int k = 0; k < dim; k++) {
            docFloat[k] = (stored.bytes[at + (k >> 3)] & (1 << (k & 7))) != 0 ? unit : -unit;
          }
          kernel.floats(query, docFloat, dots);
        }
      }
      for (int i = 0; i < dots.length; i++) {
        best[i] = Math.max(best[i], dots[i]);
      }
    }
    double sum = 0;
    for (float b : best) {
      sum += b;
    }
    return (float) (sum / query.length);
  }

  /**
   * The exact score of two in-memory multi-vectors (the reference the stored forms approximate).
   */
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
