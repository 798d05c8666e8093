package dev.ragserver.ingest.chunk;

import dev.ragserver.model.TokenCounter;
import java.util.ArrayList;
import java.util.List;

/**
 * A tokenizer for chunking tests whose counts are easy to check by eye: each run of letters or
 * digits is one token, each other non-space character (punctuation, each CJK character) is one.
 */
final class WordCounter implements TokenCounter {
  private final int maxContentTokens;

  WordCounter(int maxContentTokens) {
    this.maxContentTokens = maxContentTokens;
  }

  @Override
  public int count(String text) {
    return tokenEnds(text).length;
  }

  @Override
  public int[] tokenEnds(String text) {
    List<Integer> ends = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (Character.isLetterOrDigit(c) && !isCjk(c)) {
        while (i < text.length()
            && Character.isLetterOrDigit(text.charAt(i))
            && !isCjk(text.charAt(i))) {
          i++;
        }
        ends.add(i);
      } else {
        i++;
        ends.add(i);
      }
    }
    return ends.stream().mapToInt(Integer::intValue).toArray();
  }

  private static boolean isCjk(char c) {
    return c >= 0x3000 && c <= 0x9FFF;
  }

  @Override
  public int maxContentTokens() {
    return maxContentTokens;
  }
}
