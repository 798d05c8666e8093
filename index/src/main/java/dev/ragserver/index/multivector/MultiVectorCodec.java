package dev.ragserver.index.multivector;

import dev.ragserver.config.MultiVectorPrecision;
import dev.ragserver.model.MultiVector;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.lucene.util.BytesRef;

/**
 * Encodes token vectors for storage. Layout: one precision byte, a 4-byte vector count, then per
 * vector: fp32 {@code dim} little-endian floats; int8 a float scale and {@code dim} signed bytes
 * ({@code value ≈ byte · scale}, scale = max |x| / 127); binary {@code ceil(dim / 8)} bytes of sign
 * bits (bit set = component ≥ 0).
 */
public final class MultiVectorCodec {
  static final int HEADER = 5;

  private MultiVectorCodec() {}

  /** Bytes one vector takes at this precision. */
  public static int bytesPerVector(MultiVectorPrecision precision, int dim) {
    return switch (precision) {
      case FP32 -> 4 * dim;
      case INT8 -> 4 + dim;
      case BINARY -> (dim + 7) / 8;
    };
  }

  /** The stored form of {@code vectors}. */
  public static BytesRef encode(MultiVector vectors, MultiVectorPrecision precision) {
    int dim = vectors.dimension();
    int count = vectors.count();
    ByteBuffer out =
        ByteBuffer.allocate(HEADER + count * bytesPerVector(precision, dim))
            .order(ByteOrder.LITTLE_ENDIAN);
    out.put(code(precision)).putInt(count);
    float[] v = new float[dim];
    for (int i = 0; i < count; i++) {
      for (int j = 0; j < dim; j++) {
        v[j] = vectors.get(i, j);
      }
      switch (precision) {
        case FP32 -> {
          for (float x : v) {
            out.putFloat(x);
          }
        }
        case INT8 -> {
          float max = 0;
          for (float x : v) {
            max = Math.max(max, Math.abs(x));
          }
          float scale = max == 0 ? 1f : max / 127f;
          out.putFloat(scale);
          for (float x : v) {
            out.put((byte) Math.round(x / scale));
          }
        }
        case BINARY -> {
          byte[] bits = new byte[(dim + 7) / 8];
          for (int j = 0; j < dim; j++) {
            if (v[j] >= 0) {
              bits[j >> 3] |= (byte) (1 << (j & 7));
            }
          }
          out.put(bits);
        }
      }
    }
    return new BytesRef(out.array());
  }

  /** The precision a stored value was written with. */
  static MultiVectorPrecision precisionOf(BytesRef stored) {
    byte code = stored.bytes[stored.offset];
    return switch (code) {
      case 0 -> MultiVectorPrecision.FP32;
      case 1 -> MultiVectorPrecision.INT8;
      case 2 -> MultiVectorPrecision.BINARY;
      default -> throw new IllegalArgumentException("unknown token-vector precision code " + code);
    };
  }

  /**
   * The stored byte of a precision: fixed codes of the on-disk format, whatever the enum's order.
   */
  private static byte code(MultiVectorPrecision precision) {
    return switch (precision) {
      case FP32 -> 0;
      case INT8 -> 1;
      case BINARY -> 2;
    };
  }

  /** Number of vectors in a stored value. */
  static int countOf(BytesRef stored) {
    return ByteBuffer.wrap(stored.bytes, stored.offset + 1, 4)
        .order(ByteOrder.LITTLE_ENDIAN)
        .getInt();
  }
}
