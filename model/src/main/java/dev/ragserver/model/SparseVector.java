package dev.ragserver.model;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Lexical weights keyed by token id, sorted by id; every weight is finite and positive. Immutable.
 */
public final class SparseVector {
  private static final SparseVector EMPTY = new SparseVector(new int[0], new float[0]);

  private final int[] tokenIds;
  private final float[] weights;

  private SparseVector(int[] tokenIds, float[] weights) {
    this.tokenIds = tokenIds;
    this.weights = weights;
  }

  /** A vector with no token. */
  public static SparseVector empty() {
    return EMPTY;
  }

  /** A vector from token id → weight; ids must be ≥ 0 and weights finite and &gt; 0. */
  public static SparseVector of(Map<Integer, Float> weightsById) {
    TreeMap<Integer, Float> sorted = new TreeMap<>(weightsById);
    int[] ids = new int[sorted.size()];
    float[] ws = new float[sorted.size()];
    int i = 0;
    for (Map.Entry<Integer, Float> e : sorted.entrySet()) {
      ids[i] = e.getKey();
      ws[i] = e.getValue();
      i++;
    }
    return of(ids, ws);
  }

  /** A vector from parallel arrays sorted by strictly increasing token id (copied). */
  public static SparseVector of(int[] tokenIds, float[] weights) {
    if (tokenIds.length != weights.length) {
      throw new IllegalArgumentException(
          "tokenIds and weights must have the same length, got: "
              + tokenIds.length
              + " and "
              + weights.length);
    }
    for (int i = 0; i < tokenIds.length; i++) {
      if (tokenIds[i] < 0 || (i > 0 && tokenIds[i] <= tokenIds[i - 1])) {
        throw new IllegalArgumentException(
            "token ids must be >= 0 and strictly increasing, got: " + Arrays.toString(tokenIds));
      }
      if (!(weights[i] > 0) || !Float.isFinite(weights[i])) {
        throw new IllegalArgumentException(
            "weights must be finite and > 0, got: " + weights[i] + " for token " + tokenIds[i]);
      }
    }
    return new SparseVector(tokenIds.clone(), weights.clone());
  }

  /** Number of tokens with a weight. */
  public int size() {
    return tokenIds.length;
  }

  /** The i-th token id, in increasing order. */
  public int tokenId(int i) {
    return tokenIds[i];
  }

  /** The i-th weight. */
  public float weight(int i) {
    return weights[i];
  }

  /** The weight of a token id, or 0 when absent. */
  public float weightOf(int tokenId) {
    int i = Arrays.binarySearch(tokenIds, tokenId);
    return i >= 0 ? weights[i] : 0f;
  }

  /** BGE-M3's lexical score: the sum over shared tokens of the weight products. */
  public float dot(SparseVector other) {
    float sum = 0;
    int i = 0;
    int j = 0;
    while (i < tokenIds.length && j < other.tokenIds.length) {
      int a = tokenIds[i];
      int b = other.tokenIds[j];
      if (a == b) {
        sum += weights[i++] * other.weights[j++];
      } else if (a < b) {
        i++;
      } else {
        j++;
      }
    }
    return sum;
  }

  /** A sorted, unmodifiable copy as a map. */
  public Map<Integer, Float> toMap() {
    TreeMap<Integer, Float> map = new TreeMap<>();
    for (int i = 0; i < tokenIds.length; i++) {
      map.put(tokenIds[i], weights[i]);
    }
    return Collections.unmodifiableMap(map);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SparseVector s
        && Arrays.equals(tokenIds, s.tokenIds)
        && Arrays.equals(weights, s.weights);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(tokenIds) + Arrays.hashCode(weights);
  }

  @Override
  public String toString() {
    return "SparseVector" + toMap();
  }
}
