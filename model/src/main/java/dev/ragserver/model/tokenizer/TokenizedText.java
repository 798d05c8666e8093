package dev.ragserver.model.tokenizer;

import java.util.Arrays;

/**
 * The token ids of one text, special tokens included.
 *
 * @param ids token ids, at most the tokenizer's max tokens
 * @param truncated whether the text was longer and was cut
 */
@SuppressWarnings("ArrayRecordComponent")
// arrays on purpose (token ids, copied into the batch tensors); equals, hashCode and toString
// compare their contents
public record TokenizedText(long[] ids, boolean truncated) {
  public TokenizedText {
    if (ids.length == 0) {
      throw new IllegalArgumentException("ids must not be empty");
    }
  }

  /** Number of tokens. */
  public int length() {
    return ids.length;
  }

  /** Equal when every component is, arrays compared by content. */
  @Override
  public boolean equals(Object o) {
    return o instanceof TokenizedText other
        && Arrays.equals(ids, other.ids)
        && truncated == other.truncated;
  }

  @Override
  public int hashCode() {
    int h = 1;
    h = 31 * h + Arrays.hashCode(ids);
    h = 31 * h + Boolean.hashCode(truncated);
    return h;
  }

  @Override
  public String toString() {
    return "TokenizedText[" + "ids=" + Arrays.toString(ids) + ", " + "truncated=" + truncated + "]";
  }
}
