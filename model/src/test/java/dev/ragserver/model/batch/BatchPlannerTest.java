package dev.ragserver.model.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragserver.model.tokenizer.TokenizedText;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchPlannerTest {
  private static TokenizedText text(int length) {
    long[] ids = new long[length];
    for (int i = 0; i < length; i++) {
      ids[i] = 10L + i;
    }
    return new TokenizedText(ids, false);
  }

  @Test
  void batchesAreSortedLongestFirstAndPaddedOnlyToTheirLongestText() {
    List<TokenizedText> texts = List.of(text(3), text(7), text(5), text(7), text(2));
    List<TokenBatch> batches = BatchPlanner.plan(texts, 2, 1000, 1);
    assertEquals(3, batches.size());
    assertArrayEquals(new int[] {1, 3}, batches.get(0).positions(), "ties keep input order");
    assertEquals(7, batches.get(0).seqLen());
    assertArrayEquals(new int[] {2, 0}, batches.get(1).positions());
    assertEquals(5, batches.get(1).seqLen());
    assertArrayEquals(new int[] {4}, batches.get(2).positions());
    assertEquals(2, batches.get(2).seqLen());
  }

  @Test
  void paddingUsesThePadIdAndAZeroMask() {
    TokenBatch b = BatchPlanner.plan(List.of(text(3), text(1)), 8, 1000, 1).get(0);
    assertArrayEquals(new long[] {10, 11, 12, 10, 1, 1}, b.ids());
    assertArrayEquals(new long[] {1, 1, 1, 1, 0, 0}, b.mask());
    assertArrayEquals(new int[] {3, 1}, b.lengths());
    assertEquals(4, b.tokenCount());
  }

  @Test
  void longTextsGoInSmallerBatchesUnderTheTokenBudget() {
    List<TokenizedText> texts =
        List.of(text(10), text(10), text(10), text(4), text(4), text(4), text(4), text(30));
    List<TokenBatch> batches = BatchPlanner.plan(texts, 8, 20, 0);
    assertArrayEquals(
        new int[] {7}, batches.get(0).positions(), "a text over the budget goes alone");
    assertArrayEquals(
        new int[] {0, 1}, batches.get(1).positions(), "2 x 10 tokens fill the budget");
    assertArrayEquals(new int[] {2, 3}, batches.get(2).positions());
    assertArrayEquals(new int[] {4, 5, 6}, batches.get(3).positions());
    for (TokenBatch b : batches.subList(1, batches.size())) {
      assertTrue(b.size() * b.seqLen() <= 20, "padded tokens within budget");
    }
  }

  @Test
  void batchSizeMustBePositive() {
    assertThrows(
        IllegalArgumentException.class, () -> BatchPlanner.plan(List.of(text(1)), 0, 1000, 0));
  }
}
