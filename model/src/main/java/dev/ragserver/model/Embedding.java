package dev.ragserver.model;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The embedding of one text. Parts the model does not produce, or that were not asked for, are
 * null; {@link #parts()} says which are present.
 *
 * @param dense unit vector (when normalised), or null
 * @param sparse lexical weights, or null
 * @param multiVector token vectors, or null
 * @param tokens tokens fed to the model for this text, special tokens included
 * @param truncated whether the text was longer than the model's max tokens and was cut
 */
@SuppressWarnings("ArrayRecordComponent")
// arrays on purpose (a dense vector, read in the index and fusion hot paths); its equals and
// hashCode compare them by content
public record Embedding(
    float[] dense, SparseVector sparse, MultiVector multiVector, int tokens, boolean truncated) {
  public Embedding {
    if (dense == null && sparse == null && multiVector == null) {
      throw new IllegalArgumentException("an embedding needs at least one part, got none");
    }
    if (dense != null) {
      if (dense.length == 0) {
        throw new IllegalArgumentException("dense vector must have at least one dimension, got: 0");
      }
      dense = dense.clone();
    }
    if (tokens < 1) {
      throw new IllegalArgumentException("tokens must be at least 1, got: " + tokens);
    }
  }

  /**
   * A dense vector alone (an image query's, from an image model in the text model's space).
   *
   * @param tokens the tokens that went into it (at least 1)
   */
  public static Embedding ofDense(float[] vector, int tokens) {
    return new Embedding(vector, null, null, tokens, false);
  }

  /**
   * This embedding with another dense vector of the same dimensions: an image chunk's or image
   * query's from an image model in the text model's space, beside the text's sparse and token
   * vectors.
   */
  public Embedding withDense(float[] vector) {
    if (dense != null && vector.length != dense.length) {
      throw new IllegalArgumentException(
          "the dense vector must keep its " + dense.length + " dimensions, got: " + vector.length);
    }
    return new Embedding(vector, sparse, multiVector, tokens, truncated);
  }

  /** A copy of the dense vector, or null. */
  @Override
  public float[] dense() {
    return dense == null ? null : dense.clone();
  }

  /** Floats in the dense vector, 0 without one (no copy, unlike {@link #dense()}). */
  public int denseDimension() {
    return dense == null ? 0 : dense.length;
  }

  /** The parts present. */
  public Set<EmbeddingPart> parts() {
    Set<EmbeddingPart> parts = EnumSet.noneOf(EmbeddingPart.class);
    if (dense != null) {
      parts.add(EmbeddingPart.DENSE);
    }
    if (sparse != null) {
      parts.add(EmbeddingPart.SPARSE);
    }
    if (multiVector != null) {
      parts.add(EmbeddingPart.MULTI_VECTOR);
    }
    return parts;
  }

  /** The dot product of the dense vectors (cosine similarity for unit vectors). */
  public float denseDot(Embedding other) {
    if (dense == null || other.dense == null) {
      throw new IllegalStateException("both embeddings need a dense part");
    }
    if (dense.length != other.dense.length) {
      throw new IllegalArgumentException(
          "dense dimensions differ: " + dense.length + " vs " + other.dense.length);
    }
    float sum = 0;
    for (int i = 0; i < dense.length; i++) {
      sum += dense[i] * other.dense[i];
    }
    return sum;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Embedding e
        && Arrays.equals(dense, e.dense)
        && Objects.equals(sparse, e.sparse)
        && Objects.equals(multiVector, e.multiVector)
        && tokens == e.tokens
        && truncated == e.truncated;
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(dense), sparse, multiVector, tokens, truncated);
  }

  @Override
  public String toString() {
    return "Embedding[dense="
        + (dense == null ? "null" : dense.length + " dims")
        + ", sparse="
        + sparse
        + ", multiVector="
        + multiVector
        + ", tokens="
        + tokens
        + ", truncated="
        + truncated
        + "]";
  }
}
