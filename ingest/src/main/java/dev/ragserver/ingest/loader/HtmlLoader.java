package dev.ragserver.ingest.loader;

import dev.ragserver.ingest.document.Block;
import dev.ragserver.ingest.document.DocumentType;
import dev.ragserver.ingest.document.ExtractedImage;
import dev.ragserver.ingest.document.ParsedDocument;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeFilter;
import org.jsoup.select.NodeTraversor;

/**
 * HTML through jsoup (parsed as a browser would, broken markup included; the charset from the BOM
 * or {@code <meta>}). The main content ({@code <main>}, {@code <article>}, else {@code <body>})
 * without scripts, styles and navigation becomes text: one block per paragraph-like element,
 * headings building the heading path, tables as rows of {@code cell | cell}, {@code <pre>} kept
 * whole, {@code <img>} alt text inline and local images as image chunks. Iterative traversal:
 * deeply nested markup cannot overflow the stack.
 */
public final class HtmlLoader implements Loader {
  private static final Set<String> BLOCK_TAGS =
      Set.of(
          "p",
          "div",
          "li",
          "ul",
          "ol",
          "dl",
          "dt",
          "dd",
          "section",
          "article",
          "main",
          "blockquote",
          "figure",
          "figcaption",
          "header",
          "footer",
          "aside",
          "address",
          "hr",
          "form",
          "fieldset",
          "details",
          "summary",
          "caption",
          "center",
          "body");
  private static final String DROPPED =
      "script, style, noscript, template, nav, iframe, svg, object, embed, button, "
          + "select, textarea, input, canvas, audio, video";

  @Override
  public ParsedDocument load(byte[] bytes, Path path, LoaderLimits limits) {
    Document doc;
    try {
      doc = Jsoup.parse(new ByteArrayInputStream(bytes), null, "");
    } catch (IOException e) {
      throw new LoadException("cannot read HTML: " + e.getMessage(), e);
    }
    doc.select(DROPPED).remove();
    Element root = doc.selectFirst("main");
    if (root == null) {
      root = doc.selectFirst("article");
    }
    if (root == null) {
      root = doc.body();
    }
    Collector collector = new Collector(path, limits);
    NodeTraversor.filter(collector, root);
    collector.flush();
    String title = doc.title().strip();
    if (title.isEmpty()) {
      Element h1 = doc.selectFirst("h1");
      title = h1 == null ? "" : h1.text();
    }
    return new ParsedDocument(
        DocumentType.HTML,
        collector.text.toString(),
        title,
        collector.blocks,
        collector.images,
        0,
        List.of());
  }

  private static final class Collector implements NodeFilter {
    private final Path path;
    private final LoaderLimits limits;
    final StringBuilder text = new StringBuilder();
    final List<Block> blocks = new ArrayList<>();
    final List<ExtractedImage> images = new ArrayList<>();
    private final StringBuilder paragraph = new StringBuilder();
    private final List<String> headings = new ArrayList<>();
    private final List<Integer> levels = new ArrayList<>();

    Collector(Path path, LoaderLimits limits) {
      this.path = path;
      this.limits = limits;
    }

    @Override
    public FilterResult head(Node node, int depth) {
      if (node instanceof TextNode t) {
        appendInline(t.text());
        return FilterResult.CONTINUE;
      }
      if (!(node instanceof Element e)) {
        return FilterResult.CONTINUE;
      }
      String tag = e.normalName();
      return switch (tag) {
        case "h1", "h2", "h3", "h4", "h5", "h6" -> {
          flush();
          int level = tag.charAt(1) - '0';
          while (!levels.isEmpty() && levels.get(levels.size() - 1) >= level) {
            levels.removeLast();
            headings.removeLast();
          }
          String heading = e.text().strip();
          if (!heading.isEmpty()) {
            levels.add(level);
            headings.add(heading);
            add(heading, false);
          }
          yield FilterResult.SKIP_ENTIRELY;
        }
        case "table" -> {
          flush();
          StringBuilder rows = new StringBuilder();
          for (Element row : e.select("tr")) {
            List<String> cells = new ArrayList<>();
            for (Element cell : row.select("> th, > td")) {
              cells.add(cell.text().strip());
            }
            if (cells.stream().anyMatch(c -> !c.isEmpty())) {
              rows.append(String.join(" | ", cells)).append('\n');
            }
          }
          add(rows.toString(), false);
          yield FilterResult.SKIP_ENTIRELY;
        }
        case "pre" -> {
          flush();
          add(e.wholeText(), true);
          yield FilterResult.SKIP_ENTIRELY;
        }
        case "img" -> {
          String alt = e.attr("alt").strip();
          if (!alt.isEmpty()) {
            appendInline(" " + alt + " ");
          }
          if (images.size() < limits.maxImagesPerDocument()) {
            String caption =
                Images.caption(alt, headings.isEmpty() ? "" : headings.get(headings.size() - 1));
            LocalImages.load(path, e.attr("src"), caption, limits).ifPresent(images::add);
          }
          yield FilterResult.SKIP_ENTIRELY;
        }
        case "br" -> {
          paragraph.append('\n');
          yield FilterResult.CONTINUE;
        }
        default -> {
          if (BLOCK_TAGS.contains(tag)) {
            flush();
          }
          yield FilterResult.CONTINUE;
        }
      };
    }

    @Override
    public FilterResult tail(Node node, int depth) {
      if (node instanceof Element e && BLOCK_TAGS.contains(e.normalName())) {
        flush();
      }
      return FilterResult.CONTINUE;
    }

    private void appendInline(String s) {
      if (s.isEmpty()) {
        return;
      }
      boolean space =
          paragraph.isEmpty() || Character.isWhitespace(paragraph.charAt(paragraph.length() - 1));
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (Character.isWhitespace(c) || c == '\u00a0') {
          if (!space) {
            paragraph.append(' ');
            space = true;
          }
        } else {
          paragraph.append(c);
          space = false;
        }
      }
    }

    void flush() {
      String p = paragraph.toString().strip();
      paragraph.setLength(0);
      if (!p.isEmpty()) {
        add(p, false);
      }
    }

    private void add(String block, boolean whole) {
      String b = whole ? block.stripTrailing() : block.strip();
      if (b.isBlank()) {
        return;
      }
      if (!text.isEmpty()) {
        text.append("\n\n");
      }
      int start = text.length();
      text.append(b);
      blocks.add(
          whole
              ? Block.whole(start, text.length(), headings, 0)
              : Block.text(start, text.length(), headings, 0));
    }
  }
}
