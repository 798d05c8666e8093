package dev.ragserver.model.onnx;

import java.util.Arrays;
import java.util.Locale;

/**
 * A declared model input or output.
 *
 * @param name its name
 * @param type element type, e.g. {@code INT64}, {@code FLOAT}
 * @param shape dimensions, -1 for symbolic ones
 */
@SuppressWarnings("ArrayRecordComponent")
// arrays on purpose (a tensor shape; the constructor copies it); its equals and hashCode compare
// them by content
public record TensorSpec(String name, String type, long[] shape) {
  public TensorSpec {
    shape = shape.clone();
  }

  /** Number of dimensions. */
  public int rank() {
    return shape.length;
  }

  /** The last dimension, or -1 when symbolic. */
  public long lastDimension() {
    return shape.length == 0 ? -1 : shape[shape.length - 1];
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TensorSpec t
        && name.equals(t.name)
        && type.equals(t.type)
        && Arrays.equals(shape, t.shape);
  }

  @Override
  public int hashCode() {
    return 31 * name.hashCode() + Arrays.hashCode(shape);
  }

  @Override
  public String toString() {
    StringBuilder sb =
        new StringBuilder(name).append(' ').append(type.toLowerCase(Locale.ROOT)).append('[');
    for (int i = 0; i < shape.length; i++) {
      sb.append(i > 0 ? "," : "").append(shape[i] < 0 ? "?" : Long.toString(shape[i]));
    }
    return sb.append(']').toString();
  }
}
