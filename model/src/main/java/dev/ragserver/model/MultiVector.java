package dev.ragserver.model;

import java.util.Arrays;

/** One vector per token, all of the same dimension, stored row-major. Immutable. */
public final class MultiVector {
  private final int dimension;
  private final float[] data;

  private MultiVector(int dimension, float[] data) {
    this.dimension = dimension;
    this.data = data;
  }

  /** Vectors of {@code dimension} floats each, concatenated in {@code data} (copied). */
  public static MultiVector of(int dimension, float[] data) {
    if (dimension < 1) {
      throw new IllegalArgumentException("dimension must be at least 1, got: " + dimension);
    }
    if (data.length % dimension != 0) {
      throw new IllegalArgumentException(
          "data length must be a multiple of dimension " + dimension + ", got: " + data.length);
    }
    return new MultiVector(dimension, data.clone());
  }

  /** Number of vectors (tokens). */
  public int count() {
    return data.length / dimension;
  }

  /** Floats per vector. */
  public int dimension() {
    return dimension;
  }

  /** Component j of vector i. */
  public float get(int i, int j) {
    return data[i * dimension + j];
  }

  /** A copy of vector i. */
  public float[] vector(int i) {
    return Arrays.copyOfRange(data, i * dimension, (i + 1) * dimension);
  }

  /** A copy of all vectors, row-major. */
  public float[] toArray() {
    return data.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MultiVector m && dimension == m.dimension && Arrays.equals(data, m.data);
  }

  @Override
  public int hashCode() {
    return 31 * dimension + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "MultiVector[" + count() + " x " + dimension + "]";
  }
}
