package dev.ragserver.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragserver.ingest.loader.MarkdownLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Heading;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.parser.Parser;
import org.junit.jupiter.api.Test;

/**
 * Every relative link in the README and docs/ leads somewhere: the file exists and, where the link
 * names a section ({@code file.md#section}), a heading of that file has that anchor (GitHub's rule:
 * lower case, punctuation dropped, spaces to hyphens, a repeated heading numbered {@code -1},
 * {@code -2}, ...). A section renamed or dropped without its links is caught here. The pages are
 * read with commonmark and headings as the Markdown loader reads them ({@link
 * MarkdownLoader#plainText}), so code blocks and code spans hold no links or headings.
 */
class DocsLinksTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  private static final Parser PARSER = Parser.builder().build();

  @Test
  void everyRelativeLinkInTheDocsReachesAFileAndSection() throws IOException {
    List<Path> pages = new ArrayList<>();
    pages.add(ROOT.resolve("README.md"));
    try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    Map<Path, Set<String>> anchorsOf = new HashMap<>(); // each linked page read once
    List<String> broken = new ArrayList<>();
    int checked = 0;
    for (Path page : pages) {
      for (String target : links(Files.readString(page))) {
        if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
          continue; // http:, https:, mailto: — not this repository's
        }
        checked++;
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        Path linked = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
        String where = ROOT.relativize(page) + " → " + target;
        if (!Files.exists(linked)) {
          broken.add(where + ": no such file");
        } else if (anchor != null
            && linked.toString().endsWith(".md")
            && !anchorsOf.computeIfAbsent(linked, DocsLinksTest::anchorsOfFile).contains(anchor)) {
          broken.add(where + ": no heading with that anchor in " + ROOT.relativize(linked));
        }
      }
    }
    assertTrue(checked > 50, "expected the docs to link to each other, found " + checked);
    assertEquals(List.of(), broken, "broken links in the docs");
  }

  @Test
  void anchorsFollowGitHubsRule() {
    assertEquals(
        Set.of(
            "onnx-runtime-settings-rag-bench-onnx",
            "against-the-models-own-limit-in-the-same-run-issue-18",
            "results",
            "results-1"),
        anchors(
            """
            ## ONNX Runtime settings (`./rag bench onnx`)
            ```bash
            # not a heading: inside a code block
            ```
            ### Against the model's own limit, in the same run (issue 18)
            ### Results
            ### Results
            """));
  }

  /** The destinations of a page's links and images. */
  private static List<String> links(String markdown) {
    List<String> targets = new ArrayList<>();
    PARSER
        .parse(markdown)
        .accept(
            new AbstractVisitor() {
              @Override
              public void visit(Link link) {
                targets.add(link.getDestination());
                visitChildren(link);
              }

              @Override
              public void visit(Image image) {
                targets.add(image.getDestination());
              }
            });
    return targets;
  }

  private static Set<String> anchorsOfFile(Path page) {
    try {
      return anchors(Files.readString(page));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The anchors GitHub gives a page's headings. */
  static Set<String> anchors(String markdown) {
    Set<String> anchors = new HashSet<>();
    PARSER
        .parse(markdown)
        .accept(
            new AbstractVisitor() {
              @Override
              public void visit(Heading heading) {
                String slug =
                    MarkdownLoader.plainText(heading)
                        .strip()
                        .toLowerCase(Locale.ROOT)
                        .replaceAll("[^\\p{L}\\p{N}\\s_-]", "")
                        .replace(' ', '-');
                String unique = slug;
                for (int n = 1; !anchors.add(unique); n++) {
                  unique = slug + "-" + n;
                }
              }
            });
    return anchors;
  }
}
