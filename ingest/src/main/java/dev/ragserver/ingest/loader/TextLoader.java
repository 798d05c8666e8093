package dev.ragserver.ingest.loader;

import dev.ragserver.ingest.document.Block;
import dev.ragserver.ingest.document.DocumentType;
import dev.ragserver.ingest.document.ParsedDocument;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Plain text in any common encoding ({@link TextDecoding}); paragraphs are split at blank lines.
 */
public final class TextLoader implements Loader {
  @Override
  public ParsedDocument load(byte[] bytes, Path path, LoaderLimits limits) {
    return parse(TextDecoding.decode(bytes));
  }

  /** A plain-text document from a string: paragraphs at blank lines. */
  public static ParsedDocument parse(String text) {
    List<Block> blocks = new ArrayList<>();
    Paragraphs.split(text, 0, text.length(), List.of(), 0, blocks);
    return new ParsedDocument(DocumentType.TEXT, text, "", blocks, List.of(), 0, List.of());
  }
}
