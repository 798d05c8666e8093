package dev.ragserver.model.tokenizer;

/**
 * The token ids of one text, special tokens included.
 *
 * @param ids token ids, at most the tokenizer's max tokens
 * @param truncated whether the text was longer and was cut
 */
@SuppressWarnings("ArrayRecordComponent")
// arrays on purpose (token ids, copied into the batch tensors); a carrier, never compared: identity
// equality is all it needs
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
