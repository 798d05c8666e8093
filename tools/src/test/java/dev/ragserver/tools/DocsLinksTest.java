package dev.ragserver.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every relative link in the README and docs/ leads somewhere: the file exists and, where the link
 * names a section ({@code file.md#section}), a heading of that file has that anchor (GitHub's rule:
 * lower case, punctuation dropped, spaces to hyphens, a repeated heading numbered {@code -1},
 * {@code -2}, ...). A section renamed or dropped without its links is caught here.
 */
class DocsLinksTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  /** {@code [text](target)}, the target without spaces; images ({@code ![..](..)}) too. */
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

  private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.+?)\\s*#*\\s*$");

  @Test
  void everyRelativeLinkInTheDocsReachesAFileAndSection() throws IOException {
    List<Path> pages = new ArrayList<>();
    pages.add(ROOT.resolve("README.md"));
    try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
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
            && !anchors(Files.readString(linked)).contains(anchor)) {
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

  private static List<String> links(String markdown) {
    List<String> targets = new ArrayList<>();
    for (String line : outsideCode(markdown)) {
      Matcher m = LINK.matcher(line.replaceAll("`[^`]*`", ""));
      while (m.find()) {
        targets.add(m.group(1));
      }
    }
    return targets;
  }

  /** The page's lines outside fenced code blocks (where neither links nor headings count). */
  private static List<String> outsideCode(String markdown) {
    List<String> lines = new ArrayList<>();
    boolean code = false;
    for (String line : markdown.split("\n", -1)) {
      if (line.stripLeading().startsWith("```")) {
        code = !code;
      } else if (!code) {
        lines.add(line);
      }
    }
    return lines;
  }

  /** The anchors GitHub gives a page's headings. */
  static Set<String> anchors(String markdown) {
    Set<String> anchors = new HashSet<>();
    for (String line : outsideCode(markdown)) {
      Matcher m = HEADING.matcher(line);
      if (!m.matches()) {
        continue;
      }
      String slug =
          m.group(1)
              .toLowerCase(Locale.ROOT)
              .replaceAll("[^\\p{L}\\p{N}\\s_-]", "")
              .replace(' ', '-');
      String unique = slug;
      for (int n = 1; !anchors.add(unique); n++) {
        unique = slug + "-" + n;
      }
    }
    return anchors;
  }
}
