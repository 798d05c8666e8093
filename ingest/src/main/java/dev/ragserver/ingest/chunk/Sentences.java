package dev.ragserver.ingest.chunk;

import java.util.ArrayList;
import java.util.List;

/**
 * Sentence boundaries: after {@code . ! ?} (and any closing quotes or brackets) followed by
 * whitespace; after Chinese/full-width {@code 。！？；…} (and closers), with or without a space; and at
 * blank lines. A single line break is not a boundary: PDF text breaks lines mid-sentence.
 */
final class Sentences {
  private Sentences() {}

  /** Sentence spans of {@code text[from, to)} as {start, end} pairs, whitespace trimmed. */
  static List<int[]> split(String text, int from, int to) {
    List<int[]> out = new ArrayList<>();
    int start = from;
    int i = from;
    while (i < to) {
      char c = text.charAt(i);
      int cut = -1;
      if (c == '。' || c == '！' || c == '？' || c == '；' || c == '…') {
        cut = i + 1;
        while (cut < to && isCloser(text.charAt(cut))) {
          cut++;
        }
      } else if ((c == '.' || c == '!' || c == '?') && i + 1 < to) {
        int j = i + 1;
        while (j < to && isCloser(text.charAt(j))) {
          j++;
        }
        if (j < to && Character.isWhitespace(text.charAt(j))) {
          cut = j;
        }
      } else if (c == '\n' && i + 1 < to && text.charAt(i + 1) == '\n') {
        cut = i;
      }
      if (cut > 0) {
        add(text, start, cut, out);
        start = cut;
        i = cut;
      } else {
        i++;
      }
    }
    add(text, start, to, out);
    return out;
  }

  private static boolean isCloser(char c) {
    return c == '"' || c == '\'' || c == ')' || c == ']' || c == '”' || c == '’' || c == '」'
        || c == '』' || c == '）' || c == '》' || c == '】';
  }

  private static void add(String text, int start, int end, List<int[]> out) {
    while (start < end && Character.isWhitespace(text.charAt(start))) {
      start++;
    }
    while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
      end--;
    }
    if (end > start) {
      out.add(new int[] {start, end});
    }
  }
}
