package dev.ragserver.model;

/**
 * Counts a text's tokens the way the model's tokenizer splits it, for token-aware chunking. Counts
 * leave out the special tokens the model adds around every text. Thread-safe.
 */
public interface TokenCounter {
  /** Number of tokens in the text, without special tokens and without truncation. */
  int count(String text);

  /**
   * Where each token of the text ends: element {@code i} is the character offset just after token
   * {@code i} (non-decreasing, at most {@code text.length()}). Used to cut a text that is too long
   * for one chunk at a token boundary.
   */
  int[] tokenEnds(String text);

  /** The most content tokens one text may have: the model's max tokens minus its special tokens. */
  int maxContentTokens();
}
