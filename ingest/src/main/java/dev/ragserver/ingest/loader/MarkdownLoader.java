package dev.ragserver.ingest.loader;

import dev.ragserver.ingest.document.Block;
import dev.ragserver.ingest.document.DocumentType;
import dev.ragserver.ingest.document.ExtractedImage;
import dev.ragserver.ingest.document.ParsedDocument;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Heading;
import org.commonmark.node.Image;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Node;
import org.commonmark.node.SourceSpan;
import org.commonmark.node.Text;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;

/**
 * CommonMark (with GFM tables). The document text is the Markdown source itself, so offsets point
 * into the file a client can open; every top-level block (paragraph, list, table, quote, code) is a
 * block with the heading path above it; code blocks are kept whole where they fit. Images
 * referenced by a relative path next to the file become image chunks captioned by their alt text.
 */
public final class MarkdownLoader implements Loader {
  private static final Parser PARSER =
      Parser.builder()
          .extensions(List.of(TablesExtension.create()))
          .includeSourceSpans(IncludeSourceSpans.BLOCKS)
          .build();

  @Override
  public ParsedDocument load(byte[] bytes, Path path, LoaderLimits limits) {
    String text = TextDecoding.decode(bytes);
    Node document = PARSER.parse(text);
    List<Block> blocks = new ArrayList<>();
    List<String> headings = new ArrayList<>();
    List<Integer> levels = new ArrayList<>();
    List<ExtractedImage> images = new ArrayList<>();
    String title = "";
    int last = 0;
    for (Node node = document.getFirstChild(); node != null; node = node.getNext()) {
      List<SourceSpan> spans = node.getSourceSpans();
      if (spans.isEmpty()) {
        continue;
      }
      int start = Math.max(last, spans.get(0).getInputIndex());
      SourceSpan end = spans.get(spans.size() - 1);
      int stop = Math.min(text.length(), end.getInputIndex() + end.getLength());
      if (stop <= start) {
        continue;
      }
      last = stop;
      if (node instanceof Heading h) {
        String heading = plainText(h).strip();
        while (!levels.isEmpty() && levels.get(levels.size() - 1) >= h.getLevel()) {
          levels.removeLast();
          headings.removeLast();
        }
        if (!heading.isEmpty()) {
          levels.add(h.getLevel());
          headings.add(heading);
        }
        if (title.isEmpty() && h.getLevel() == 1) {
          title = heading;
        }
        blocks.add(Block.text(start, stop, headings, 0));
      } else if (node instanceof FencedCodeBlock || node instanceof IndentedCodeBlock) {
        blocks.add(Block.whole(start, stop, headings, 0));
      } else {
        blocks.add(Block.text(start, stop, headings, 0));
      }
      collectImages(node, path, limits, headings, images);
    }
    return new ParsedDocument(DocumentType.MARKDOWN, text, title, blocks, images, 0, List.of());
  }

  private static void collectImages(
      Node node, Path path, LoaderLimits limits, List<String> headings, List<ExtractedImage> out) {
    node.accept(
        new AbstractVisitor() {
          @Override
          public void visit(Image image) {
            if (out.size() < limits.maxImagesPerDocument()) {
              String alt = plainText(image).strip();
              String caption =
                  Images.caption(alt, headings.isEmpty() ? "" : headings.get(headings.size() - 1));
              LocalImages.load(path, image.getDestination(), caption, limits).ifPresent(out::add);
            }
          }
        });
  }

  /**
   * The text of a node's inline content, without markup: what a heading path shows for a heading
   * (also how the docs' link check reads headings).
   */
  public static String plainText(Node node) {
    StringBuilder sb = new StringBuilder();
    node.accept(
        new AbstractVisitor() {
          @Override
          public void visit(Text text) {
            sb.append(text.getLiteral());
          }

          @Override
          public void visit(Code code) {
            sb.append(code.getLiteral());
          }
        });
    return sb.toString();
  }
}
