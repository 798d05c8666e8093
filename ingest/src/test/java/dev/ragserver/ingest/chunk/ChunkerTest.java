package dev.ragserver.ingest.chunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragserver.config.RagConfig;
import dev.ragserver.ingest.document.Block;
import dev.ragserver.ingest.document.DocumentType;
import dev.ragserver.ingest.document.ParsedDocument;
import dev.ragserver.ingest.loader.LoaderLimits;
import dev.ragserver.ingest.loader.Loaders;
import dev.ragserver.model.Embedders;
import dev.ragserver.model.TextEmbedder;
import dev.ragserver.model.TokenCounter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChunkerTest {
  private static ParsedDocument text(String text) {
    List<Block> blocks = new ArrayList<>();
    int start = 0;
    for (String para : text.split("\n\n", -1)) {
      blocks.add(Block.text(start, start + para.length(), List.of(), 0));
      start += para.length() + 2;
    }
    return new ParsedDocument(DocumentType.TEXT, text, "", blocks, List.of(), 0, List.of());
  }

  private static List<String> texts(ParsedDocument doc, List<TextChunk> chunks) {
    return chunks.stream().map(c -> c.text(doc.text())).toList();
  }

  /**
   * The property every citation relies on, over random documents and sizes, with the real tokenizer
   * too.
   */
  @Test
  void everyChunkIsExactlyTheSourceTextAtItsOffsetsAndTheChunksCoverTheDocument() {
    Random random = new Random(42);
    String[] words = {
      "retrieval",
      "augmented",
      "generation",
      "a",
      "of",
      "Lucene",
      "index",
      "检索",
      "增强",
      "生成",
      "vectors",
      "BM25",
      "e.g.",
      "(fusion)",
      "\"quoted\"",
      "x"
    };
    String[] ends = {". ", "! ", "? ", "。", "！", "；", ", ", " ", "\n", "\n\n"};
    for (int doc = 0; doc < 60; doc++) {
      StringBuilder sb = new StringBuilder();
      int n = 20 + random.nextInt(600);
      for (int i = 0; i < n; i++) {
        sb.append(words[random.nextInt(words.length)]);
        sb.append(random.nextInt(4) == 0 ? ends[random.nextInt(ends.length)] : " ");
      }
      ParsedDocument parsed = text(sb.toString());
      int size = 8 + random.nextInt(80);
      ChunkingOptions options =
          new ChunkingOptions(size, random.nextInt(size / 2), random.nextInt(size / 2));
      Chunker chunker = new Chunker(new WordCounter(size + 20), options);
      checkProperty(parsed, chunker.chunk(parsed), new WordCounter(size + 20), size + 20);
    }
  }

  @Test
  void theRealTokenizerKeepsEveryChunkWithinTheModelsLimit() {
    RagConfig config = RagConfig.defaults();
    try (TextEmbedder embedder = Embedders.open(config.model())) {
      TokenCounter counter = embedder.tokenCounter();
      StringBuilder sb = new StringBuilder("# Title\n\n");
      Random random = new Random(1);
      for (int i = 0; i < 400; i++) {
        sb.append("Sentence ")
            .append(i)
            .append(" mentions hyperparameterization and 检索增强生成")
            .append(random.nextBoolean() ? ". " : "。");
        if (i % 37 == 0) {
          sb.append("\n\n## Section ").append(i).append("\n\n");
        }
      }
      sb.append("\n\n").append("unbroken".repeat(3000));
      ParsedDocument doc =
          new Loaders(new LoaderLimits(1, 1, 1L << 30, 5000))
              .load(sb.toString().getBytes(StandardCharsets.UTF_8), Path.of("long.md"));
      Chunker chunker = new Chunker(counter, new ChunkingOptions(100_000, 40, 40));
      assertEquals(510, chunker.chunkTokens(), "a chunk never exceeds the model's max tokens");
      checkProperty(doc, chunker.chunk(doc), counter, 510);
    }
  }

  private static void checkProperty(
      ParsedDocument doc, List<TextChunk> chunks, TokenCounter counter, int limit) {
    String text = doc.text();
    boolean[] covered = new boolean[text.length()];
    int lastStart = -1;
    for (TextChunk c : chunks) {
      String chunkText = c.text(text);
      assertEquals(text.substring(c.start(), c.end()), chunkText);
      assertEquals(chunkText.strip(), chunkText, "chunks start and end on content");
      assertTrue(c.start() >= lastStart, "chunks in document order");
      lastStart = c.start();
      int tokens = counter.count(chunkText);
      assertTrue(
          tokens <= limit, "chunk of " + tokens + " tokens above " + limit + ": " + chunkText);
      for (int i = c.start(); i < c.end(); i++) {
        covered[i] = true;
      }
    }
    for (int i = 0; i < text.length(); i++) {
      if (!covered[i] && !Character.isWhitespace(text.charAt(i))) {
        throw new AssertionError("character " + i + " ('" + text.charAt(i) + "') is in no chunk");
      }
    }
  }

  @Test
  void paragraphsPackIntoChunksAndLongOnesSplitAtSentences() {
    ParsedDocument doc =
        text(
            "One two three. Four five six.\n\nSeven eight nine ten eleven twelve. Thirteen fourteen.");
    Chunker chunker = new Chunker(new WordCounter(100), new ChunkingOptions(8, 0, 0));
    assertEquals(
        List.of(
            "One two three. Four five six.",
            "Seven eight nine ten eleven twelve.",
            "Thirteen fourteen."),
        texts(doc, chunker.chunk(doc)));
  }

  @Test
  void consecutiveChunksOverlapByWholeSentences() {
    ParsedDocument doc = text("A b c. D e f. G h i. J k l. M n o.");
    Chunker chunker = new Chunker(new WordCounter(100), new ChunkingOptions(12, 4, 0));
    assertEquals(
        List.of("A b c. D e f. G h i.", "G h i. J k l. M n o."), texts(doc, chunker.chunk(doc)));
  }

  @Test
  void aTinyTrailingPieceJoinsTheChunkBefore() {
    ParsedDocument doc = text("A b c d e f g. H i j k l m n. O.");
    Chunker tiny = new Chunker(new WordCounter(100), new ChunkingOptions(8, 0, 3));
    assertEquals(List.of("A b c d e f g.", "H i j k l m n. O."), texts(doc, tiny.chunk(doc)));
    Chunker keep = new Chunker(new WordCounter(100), new ChunkingOptions(8, 0, 0));
    assertEquals(List.of("A b c d e f g.", "H i j k l m n.", "O."), texts(doc, keep.chunk(doc)));
  }

  @Test
  void chineseSentencesSplitAtChinesePunctuation() {
    ParsedDocument doc = text("第一句话很长很长。第二句话也很长！第三句话？");
    Chunker chunker = new Chunker(new WordCounter(100), new ChunkingOptions(9, 0, 0));
    assertEquals(List.of("第一句话很长很长。", "第二句话也很长！", "第三句话？"), texts(doc, chunker.chunk(doc)));
  }

  @Test
  void aSentenceLongerThanAChunkIsCutAtTokenBoundaries() {
    ParsedDocument doc = text("a1 a2 a3 a4 a5 a6 a7 a8 a9 a10");
    Chunker chunker = new Chunker(new WordCounter(100), new ChunkingOptions(4, 0, 0));
    assertEquals(List.of("a1 a2 a3 a4", "a5 a6 a7 a8", "a9 a10"), texts(doc, chunker.chunk(doc)));
  }

  @Test
  void sectionsAreNotMixedAndCarryTheirHeadingPathAndPages() {
    String t = "Intro text here.\n\nMethods text.\n\nMore methods.";
    List<Block> blocks =
        List.of(
            Block.text(0, 16, List.of("Paper", "Intro"), 1),
            Block.text(18, 31, List.of("Paper", "Methods"), 1),
            Block.text(33, 46, List.of("Paper", "Methods"), 2));
    ParsedDocument doc =
        new ParsedDocument(DocumentType.PDF, t, "", blocks, List.of(), 2, List.of());
    List<TextChunk> chunks =
        new Chunker(new WordCounter(100), new ChunkingOptions(50, 0, 0)).chunk(doc);
    assertEquals(2, chunks.size());
    assertEquals(List.of("Paper", "Intro"), chunks.get(0).headingPath());
    assertEquals("Methods text.\n\nMore methods.", chunks.get(1).text(t));
    assertEquals(1, chunks.get(1).pageStart());
    assertEquals(2, chunks.get(1).pageEnd());
  }

  @Test
  void aHeadingWithNothingUnderItLeadsIntoTheNextSection() {
    String t = "Guide\n\nInstall\n\nRun the installer and follow the steps it shows.";
    List<Block> blocks =
        List.of(
            Block.text(0, 5, List.of("Guide"), 0),
            Block.text(7, 14, List.of("Guide", "Install"), 0),
            Block.text(16, t.length(), List.of("Guide", "Install"), 0));
    ParsedDocument doc =
        new ParsedDocument(DocumentType.MARKDOWN, t, "", blocks, List.of(), 0, List.of());
    List<TextChunk> chunks =
        new Chunker(new WordCounter(100), new ChunkingOptions(50, 0, 3)).chunk(doc);
    assertEquals(1, chunks.size());
    assertEquals(t, chunks.get(0).text(t));
    assertEquals(List.of("Guide", "Install"), chunks.get(0).headingPath());
  }

  @Test
  void aCodeBlockStaysWholeWhenItFits() {
    String t = "Text before.\n\n```\nline one. line two.\nline three.\n```";
    List<Block> blocks =
        List.of(Block.text(0, 12, List.of(), 0), Block.whole(14, t.length(), List.of(), 0));
    ParsedDocument doc =
        new ParsedDocument(DocumentType.MARKDOWN, t, "", blocks, List.of(), 0, List.of());
    List<TextChunk> chunks =
        new Chunker(new WordCounter(100), new ChunkingOptions(16, 0, 0)).chunk(doc);
    assertEquals(
        List.of("Text before.", "```\nline one. line two.\nline three.\n```"), texts(doc, chunks));
  }

  /**
   * One 2 MB line (no sentence ends, no paragraph breaks): the tokenizer is handed bounded windows,
   * each once, not the whole line three times, and the chunks still cover the text exactly.
   */
  @Test
  void aHugeSingleLineIsTokenisedInBoundedWindowsEachOnce() {
    StringBuilder line = new StringBuilder();
    for (int i = 0; line.length() < 2_000_000; i++) {
      line.append("word").append(i % 97).append(' ');
    }
    String text = line.toString().strip();
    ParsedDocument doc = text(text);
    long[] handed = new long[2];
    WordCounter words = new WordCounter(512);
    TokenCounter counting =
        new TokenCounter() {
          @Override
          public int count(String t) {
            handed[0] = Math.max(handed[0], t.length());
            handed[1] += t.length();
            return words.count(t);
          }

          @Override
          public int[] tokenEnds(String t) {
            handed[0] = Math.max(handed[0], t.length());
            handed[1] += t.length();
            return words.tokenEnds(t);
          }

          @Override
          public int maxContentTokens() {
            return 512;
          }
        };
    List<TextChunk> chunks = new Chunker(counting, new ChunkingOptions(100, 0, 0)).chunk(doc);
    assertTrue(handed[0] <= Math.max(4096, 100 * 32), "one window at once, got: " + handed[0]);
    assertTrue(
        handed[1] <= 2L * text.length(),
        "each character tokenised at most twice (count, then cut), got: " + handed[1]);
    StringBuilder joined = new StringBuilder();
    for (TextChunk c : chunks) {
      assertTrue(c.tokens() <= 100, "chunk of " + c.tokens() + " tokens");
      joined.append(c.text(text)).append(' ');
    }
    assertEquals(text.replaceAll("\\s+", " "), joined.toString().strip().replaceAll("\\s+", " "));
  }
}
