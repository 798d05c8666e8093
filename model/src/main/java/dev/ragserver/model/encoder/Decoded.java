package dev.ragserver.model.encoder;

import dev.ragserver.model.MultiVector;
import dev.ragserver.model.SparseVector;
import java.util.Arrays;
import java.util.Objects;

/**
 * The parts decoded for one text; absent parts are null.
 *
 * @param dense dense vector
 * @param sparse lexical weights
 * @param multiVector token vectors
 */
@SuppressWarnings("ArrayRecordComponent")
// arrays on purpose (a decoded dense vector); equals, hashCode and toString compare their contents
public record Decoded(float[] dense, SparseVector sparse, MultiVector multiVector) {
  /** Equal when every component is, arrays compared by content. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Decoded other
        && Arrays.equals(dense, other.dense)
        && Objects.equals(sparse, other.sparse)
        && Objects.equals(multiVector, other.multiVector);
  }

  @Override
  public int hashCode() {
    int h = 1;
    h = 31 * h + Arrays.hashCode(dense);
    h = 31 * h + Objects.hashCode(sparse);
    h = 31 * h + Objects.hashCode(multiVector);
    return h;
  }

  @Override
  public String toString() {
    return "Decoded["
        + "dense="
        + Arrays.toString(dense)
        + ", "
        + "sparse="
        + sparse
        + ", "
        + "multiVector="
        + multiVector
        + "]";
  }
}
