package dev.ragserver.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SparseVectorTest {
  @Test
  void lexicalScoreSumsProductsOfSharedTokens() {
    SparseVector q = SparseVector.of(Map.of(5, 0.5f, 9, 0.25f, 100, 1f));
    SparseVector p = SparseVector.of(Map.of(9, 2f, 100, 0.5f, 7, 3f));
    assertEquals(0.25f * 2f + 1f * 0.5f, q.dot(p), 1e-7);
    assertEquals(q.dot(p), p.dot(q), 1e-7);
    assertEquals(0f, q.dot(SparseVector.empty()));
  }

  @Test
  void tokensAreSortedAndLookedUp() {
    SparseVector v = SparseVector.of(Map.of(30, 1f, 10, 2f, 20, 3f));
    assertEquals(10, v.tokenId(0));
    assertEquals(30, v.tokenId(2));
    assertEquals(3f, v.weightOf(20));
    assertEquals(0f, v.weightOf(11));
  }

  @Test
  void nonPositiveOrNonFiniteWeightsAndUnsortedIdsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> SparseVector.of(Map.of(1, 0f)));
    assertThrows(IllegalArgumentException.class, () -> SparseVector.of(Map.of(1, Float.NaN)));
    assertThrows(IllegalArgumentException.class, () -> SparseVector.of(Map.of(-1, 1f)));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SparseVector.of(new int[] {3, 2}, new float[] {1f, 1f}));
    assertTrue(e.getMessage().contains("strictly increasing"), e.getMessage());
  }

  @Test
  void inputArraysAreCopied() {
    int[] ids = {1, 2};
    float[] ws = {1f, 2f};
    SparseVector v = SparseVector.of(ids, ws);
    ws[0] = 99f;
    assertEquals(1f, v.weight(0));
  }
}
