package dev.ragserver.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmbeddingTest {
  @Test
  void embeddingsAreImmutable() {
    float[] v = {0.6f, 0.8f};
    Embedding e = new Embedding(v, null, null, 3, false);
    v[0] = 0f;
    assertEquals(0.6f, e.dense()[0]);
    e.dense()[1] = 0f;
    assertEquals(0.8f, e.dense()[1]);
    assertEquals(EnumSet.of(EmbeddingPart.DENSE), e.parts());
  }

  @Test
  void anEmbeddingNeedsAPartAndTokens() {
    assertThrows(IllegalArgumentException.class, () -> new Embedding(null, null, null, 3, false));
    assertThrows(
        IllegalArgumentException.class, () -> new Embedding(new float[] {1}, null, null, 0, false));
  }

  @Test
  void multiVectorRowsAndValidation() {
    MultiVector m = MultiVector.of(2, new float[] {1, 2, 3, 4, 5, 6});
    assertEquals(3, m.count());
    assertEquals(4f, m.get(1, 1));
    assertEquals(List.of(5f, 6f), List.of(m.vector(2)[0], m.vector(2)[1]));
    assertThrows(IllegalArgumentException.class, () -> MultiVector.of(4, new float[6]));
  }

  @Test
  void batchCountsAreChecked() {
    Embedding e = new Embedding(new float[] {1}, null, null, 2, true);
    assertThrows(IllegalArgumentException.class, () -> new EmbeddingBatch(List.of(e), 2, 2));
    assertEquals(1, new EmbeddingBatch(List.of(e), 1, 2).truncated());
  }
}
