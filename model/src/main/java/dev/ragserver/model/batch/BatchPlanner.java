package dev.ragserver.model.batch;

import dev.ragserver.model.tokenizer.TokenizedText;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/** Sorts texts by token length and cuts them into dynamically padded batches. */
public final class BatchPlanner {
  private BatchPlanner() {}

  /**
   * Batches of at most {@code batchSize} texts and at most {@code maxBatchTokens} padded tokens
   * (rows × longest row; a longer text goes alone), longest first; equal lengths keep input order
   * so the plan is deterministic.
   */
  public static List<TokenBatch> plan(
      List<TokenizedText> texts, int batchSize, int maxBatchTokens, long padId) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1, got: " + batchSize);
    }
    if (maxBatchTokens < 1) {
      throw new IllegalArgumentException(
          "maxBatchTokens must be at least 1, got: " + maxBatchTokens);
    }
    Integer[] order = IntStream.range(0, texts.size()).boxed().toArray(Integer[]::new);
    Arrays.sort(
        order,
        Comparator.comparingInt((Integer i) -> -texts.get(i).length()).thenComparingInt(i -> i));
    List<TokenBatch> batches = new ArrayList<>();
    for (int start = 0; start < order.length; ) {
      int longest = texts.get(order[start]).length();
      int size =
          Math.min(
              Math.min(batchSize, Math.max(1, maxBatchTokens / longest)), order.length - start);
      int[] positions = new int[size];
      int[] lengths = new int[size];
      int seqLen = 0;
      for (int r = 0; r < size; r++) {
        positions[r] = order[start + r];
        lengths[r] = texts.get(positions[r]).length();
        seqLen = Math.max(seqLen, lengths[r]);
      }
      long[] ids = new long[size * seqLen];
      long[] mask = new long[size * seqLen];
      Arrays.fill(ids, padId);
      for (int r = 0; r < size; r++) {
        long[] tokens = texts.get(positions[r]).ids();
        System.arraycopy(tokens, 0, ids, r * seqLen, tokens.length);
        Arrays.fill(mask, r * seqLen, r * seqLen + tokens.length, 1L);
      }
      batches.add(new TokenBatch(positions, lengths, seqLen, ids, mask));
      start += size;
    }
    return batches;
  }
}
