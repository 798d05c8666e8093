package dev.ragserver.ingest.loader;

import dev.ragserver.ingest.document.Block;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Splits running text into paragraph blocks at blank lines, trimming surrounding whitespace. */
final class Paragraphs {
  private static final Pattern BLANK_LINE = Pattern.compile("\\n[ \\t\\x0B\\f\\r]*\\n\\s*");

  private Paragraphs() {}

  /** Adds a block for each paragraph of {@code text[from, to)}. */
  static void split(
      String text, int from, int to, List<String> headingPath, int page, List<Block> out) {
    Matcher m = BLANK_LINE.matcher(text).region(from, to);
    int start = from;
    while (m.find()) {
      add(text, start, m.start(), headingPath, page, out);
      start = m.end();
    }
    add(text, start, to, headingPath, page, out);
  }

  private static void add(
      String text, int start, int end, List<String> headingPath, int page, List<Block> out) {
    while (start < end && Character.isWhitespace(text.charAt(start))) {
      start++;
    }
    while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
      end--;
    }
    if (end > start) {
      out.add(Block.text(start, end, headingPath, page));
    }
  }
}
