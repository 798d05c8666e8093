package dev.ragserver.model.image;

import dev.ragserver.model.tokenizer.TokenizedText;
import java.util.Arrays;
import java.util.List;

/**
 * A batch of tokenised texts as a model's {@code input_ids} and {@code attention_mask}: each row
 * padded to the longest with the tokenizer's pad id, the mask 1 over the real tokens.
 *
 * @param ids [rows × length] token ids, row-major
 * @param mask [rows × length] 1 for a token, 0 for padding
 * @param length the row length
 */
@SuppressWarnings("ArrayRecordComponent") // model inputs, handed to tensors; never compared
record PaddedTokens(long[] ids, long[] mask, int length) {
  static PaddedTokens of(List<TokenizedText> tokens, long padId) {
    int n = tokens.size();
    int len = tokens.stream().mapToInt(TokenizedText::length).max().orElse(1);
    long[] ids = new long[n * len];
    long[] mask = new long[n * len];
    Arrays.fill(ids, padId);
    for (int i = 0; i < n; i++) {
      long[] t = tokens.get(i).ids();
      System.arraycopy(t, 0, ids, i * len, t.length);
      Arrays.fill(mask, i * len, i * len + t.length, 1L);
    }
    return new PaddedTokens(ids, mask, len);
  }

  /** The shape of {@code ids} and {@code mask}. */
  long[] shape() {
    return new long[] {ids.length / length, length};
  }
}
