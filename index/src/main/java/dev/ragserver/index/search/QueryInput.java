package dev.ragserver.index.search;

import dev.ragserver.model.Embedding;
import java.util.Arrays;
import java.util.Objects;

/**
 * What a query brings: its text (BM25), its embedding (dense, sparse, ColBERT legs) and an image
 * vector (image leg); any may be absent.
 *
 * @param text query text, or null
 * @param embedding query embedding, or null
 * @param imageVector query vector in the image model's space, or null
 */
@SuppressWarnings("ArrayRecordComponent")
// arrays on purpose (a query vector; the accessor copies it); its equals and hashCode compare them
// by content
public record QueryInput(String text, Embedding embedding, float[] imageVector) {
  public QueryInput {
    if ((text == null || text.isBlank()) && embedding == null && imageVector == null) {
      throw new IllegalArgumentException("a query needs text, an embedding or an image vector");
    }
    imageVector = imageVector == null ? null : imageVector.clone();
  }

  @Override
  public float[] imageVector() {
    return imageVector == null ? null : imageVector.clone();
  }

  /** A text query with its embedding. */
  public static QueryInput text(String text, Embedding embedding) {
    return new QueryInput(text, embedding, null);
  }

  /** Equal when every component is (arrays by content). */
  @Override
  public boolean equals(Object o) {
    return o instanceof QueryInput other
        && Objects.equals(text, other.text)
        && Objects.equals(embedding, other.embedding)
        && Arrays.equals(imageVector, other.imageVector);
  }

  @Override
  public int hashCode() {
    return 31 * Objects.hash(text, embedding) + Arrays.hashCode(imageVector);
  }
}
