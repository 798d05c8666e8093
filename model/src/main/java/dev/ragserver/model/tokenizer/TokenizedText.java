package dev.ragserver.model.tokenizer;

/**
 * The token ids of one text, special tokens included.
 *
 * @param ids token ids, at most the tokenizer's max tokens
 * @param truncated whether the text was longer and was cut
 */
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
}
