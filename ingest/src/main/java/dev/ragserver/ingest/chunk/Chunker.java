package dev.ragserver.ingest.chunk;

import dev.ragserver.ingest.document.Block;
import dev.ragserver.ingest.document.ParsedDocument;
import dev.ragserver.model.TokenCounter;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a document into chunks of at most {@code chunkTokens} tokens (never above the model's own
 * limit): structure first — a chunk never spans two sections (heading paths) and a block that fits
 * is never split — then sentences, then tokens for a sentence longer than a chunk. Consecutive
 * chunks of a section share up to {@code overlapTokens} tokens of whole sentences; a section's
 * trailing chunk under {@code minTokens} joins the chunk before it. Every chunk is an exact span of
 * the document text. Thread-safe.
 */
public final class Chunker {
  private final TokenCounter counter;
  private final int size;
  private final int overlap;
  private final int minTokens;
  private final int hardLimit;

  /**
   * The most characters handed to the tokenizer at once: many chunks' worth (a token spans at least
   * one character), so every cut below it still happens at a token boundary, while one huge line is
   * tokenised window by window, each once, in linear time and bounded memory.
   */
  private final int window;

  public Chunker(TokenCounter counter, ChunkingOptions options) {
    this.counter = counter;
    this.hardLimit = counter.maxContentTokens();
    this.size = Math.min(options.chunkTokens(), hardLimit);
    this.overlap = Math.min(options.overlapTokens(), size / 2);
    this.minTokens = Math.min(options.minTokens(), size);
    this.window = Math.max(4096, size * 32);
  }

  /** The chunk size in effect (the configured one, cut to the model's limit). */
  public int chunkTokens() {
    return size;
  }

  /** The chunks of a document, in document order. */
  public List<TextChunk> chunk(ParsedDocument document) {
    String text = document.text();
    List<Unit> units = new ArrayList<>();
    for (Block block : document.blocks()) {
      units(text, block, units);
    }
    List<List<Unit>> sections = new ArrayList<>();
    int from = 0;
    while (from < units.size()) {
      int to = from;
      List<String> section = units.get(from).block.headingPath();
      while (to < units.size() && units.get(to).block.headingPath().equals(section)) {
        to++;
      }
      sections.add(new ArrayList<>(units.subList(from, to)));
      from = to;
    }
    List<TextChunk> out = new ArrayList<>();
    for (int i = 0; i < sections.size(); i++) {
      List<Unit> section = sections.get(i);
      int tokens = section.stream().mapToInt(Unit::tokens).sum();
      if (tokens < minTokens && i + 1 < sections.size()) {
        // a heading with (almost) nothing under it leads into the next section instead of standing
        // alone
        sections.get(i + 1).addAll(0, section);
        continue;
      }
      pack(section, out);
    }
    return out;
  }

  /**
   * Splits a block into pieces of at most {@code size} tokens: whole, else sentences (or lines),
   * else tokens; a piece longer than the tokenizer window is first cut into windows at whitespace.
   */
  private void units(String text, Block block, List<Unit> out) {
    int start = block.start();
    int end = block.end();
    while (start < end && Character.isWhitespace(text.charAt(start))) {
      start++;
    }
    while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
      end--;
    }
    if (end <= start) {
      return;
    }
    if (end - start <= window) {
      int tokens = counter.count(text.substring(start, end));
      if (tokens == 0) {
        return;
      }
      if (tokens <= size) {
        out.add(new Unit(start, end, tokens, block));
        return;
      }
    }
    List<int[]> pieces = new ArrayList<>();
    for (int[] p :
        block.keepWhole() ? lines(text, start, end) : Sentences.split(text, start, end)) {
      windows(text, p[0], p[1], pieces);
    }
    for (int[] piece : pieces) {
      if (Thread.currentThread().isInterrupted()) {
        throw new java.util.concurrent.CancellationException(
            "chunking was stopped: the job was cancelled");
      }
      int n = counter.count(text.substring(piece[0], piece[1]));
      if (n == 0) {
        continue;
      }
      if (n <= size) {
        out.add(new Unit(piece[0], piece[1], n, block));
      } else {
        byTokens(text, piece[0], piece[1], block, out);
      }
    }
  }

  /** Cuts text[start, end) into windows of at most {@link #window}, at whitespace if any. */
  private void windows(String text, int start, int end, List<int[]> out) {
    int max = window;
    int s = start;
    while (end - s > max) {
      int cut = s + max;
      int space = cut;
      while (space > s + max / 2 && !Character.isWhitespace(text.charAt(space - 1))) {
        space--;
      }
      cut = space > s + max / 2 ? space : cut;
      if (Character.isHighSurrogate(text.charAt(cut - 1))) {
        cut--;
      }
      out.add(new int[] {s, cut});
      s = cut;
    }
    out.add(new int[] {s, end});
  }

  private void byTokens(String text, int start, int end, Block block, List<Unit> out) {
    int[] ends = counter.tokenEnds(text.substring(start, end));
    int from = 0;
    int cutAt = start;
    while (from < ends.length) {
      int to = Math.min(ends.length, from + size);
      int stop = to == ends.length ? end : start + ends[to - 1];
      if (stop > cutAt) {
        int s = cutAt;
        while (s < stop && Character.isWhitespace(text.charAt(s))) {
          s++;
        }
        if (stop > s) {
          out.add(new Unit(s, stop, to - from, block));
        }
        cutAt = stop;
      }
      from = to;
    }
  }

  private static List<int[]> lines(String text, int start, int end) {
    List<int[]> out = new ArrayList<>();
    int s = start;
    for (int i = start; i < end; i++) {
      if (text.charAt(i) == '\n') {
        if (i > s) {
          out.add(new int[] {s, i});
        }
        s = i + 1;
      }
    }
    if (end > s) {
      out.add(new int[] {s, end});
    }
    // a code block's lines are packed back together by the caller through the chunk packing
    return out;
  }

  /** Packs one section's units into chunks, with overlap and the small-tail merge. */
  private void pack(List<Unit> units, List<TextChunk> out) {
    int firstOfSection = out.size();
    List<Unit> current = new ArrayList<>();
    int tokens = 0;
    int fresh = 0; // units in current that are not overlap from the previous chunk
    for (Unit u : units) {
      if (!current.isEmpty() && tokens + u.tokens > size) {
        out.add(toChunk(current, tokens));
        List<Unit> carried = new ArrayList<>();
        int carriedTokens = 0;
        for (int i = current.size() - 1; i >= 0; i--) {
          Unit c = current.get(i);
          if (carriedTokens + c.tokens > overlap || carriedTokens + c.tokens + u.tokens > size) {
            break;
          }
          carried.add(0, c);
          carriedTokens += c.tokens;
        }
        current = carried;
        tokens = carriedTokens;
        fresh = 0;
      }
      current.add(u);
      tokens += u.tokens;
      fresh++;
    }
    if (current.isEmpty() || fresh == 0) {
      return;
    }
    int freshTokens = 0;
    for (int i = current.size() - fresh; i < current.size(); i++) {
      freshTokens += current.get(i).tokens;
    }
    if (out.size() > firstOfSection && freshTokens < minTokens) {
      TextChunk previous = out.get(out.size() - 1);
      if (previous.tokens() + freshTokens <= hardLimit) {
        Unit last = current.get(current.size() - 1);
        out.set(
            out.size() - 1,
            new TextChunk(
                previous.start(),
                last.end,
                previous.tokens() + freshTokens,
                pageStart(previous.pageStart(), last.block.page()),
                Math.max(previous.pageEnd(), last.block.page()),
                last.block.headingPath()));
        return;
      }
    }
    out.add(toChunk(current, tokens));
  }

  private static int pageStart(int a, int b) {
    if (a == 0) {
      return b;
    }
    return b == 0 ? a : Math.min(a, b);
  }

  private static TextChunk toChunk(List<Unit> units, int tokens) {
    Unit first = units.get(0);
    Unit last = units.get(units.size() - 1);
    int pageStart = 0;
    int pageEnd = 0;
    for (Unit u : units) {
      int p = u.block.page();
      if (p > 0) {
        pageStart = pageStart == 0 ? p : Math.min(pageStart, p);
        pageEnd = Math.max(pageEnd, p);
      }
    }
    return new TextChunk(
        first.start, last.end, tokens, pageStart, pageEnd, last.block.headingPath());
  }

  /** A piece of one block that fits in a chunk. */
  private record Unit(int start, int end, int tokens, Block block) {}
}
