package dev.ragserver.ingest.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragserver.ingest.TestFiles;
import dev.ragserver.ingest.document.Block;
import dev.ragserver.ingest.document.DocumentType;
import dev.ragserver.ingest.document.ExtractedImage;
import dev.ragserver.ingest.document.ParsedDocument;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadersTest {
  private static final LoaderLimits LIMITS = new LoaderLimits(40_000_000, 64, 64L << 20, 5000);
  private final Loaders loaders = new Loaders(LIMITS);
  @TempDir Path dir;

  private ParsedDocument load(String name, String content) {
    return loaders.load(content.getBytes(StandardCharsets.UTF_8), dir.resolve(name));
  }

  private static List<String> blockTexts(ParsedDocument doc) {
    return doc.blocks().stream().map(b -> doc.text().substring(b.start(), b.end())).toList();
  }

  @Test
  void theTypeComesFromTheContentNotTheName() {
    assertEquals(
        DocumentType.PDF,
        ContentSniffer.detect(TestFiles.pdf("t", List.of(List.of("x"))), "notes.txt"));
    assertEquals(
        DocumentType.IMAGE,
        ContentSniffer.detect(TestFiles.encode(TestFiles.picture(8, 8), "png"), "a.txt"));
    assertEquals(
        DocumentType.HTML,
        ContentSniffer.detect("<!DOCTYPE html><p>x".getBytes(StandardCharsets.UTF_8), "a.txt"));
    assertEquals(
        DocumentType.MARKDOWN,
        ContentSniffer.detect("# Title".getBytes(StandardCharsets.UTF_8), "a.md"));
    assertEquals(
        DocumentType.TEXT,
        ContentSniffer.detect("# Title".getBytes(StandardCharsets.UTF_8), "a.txt"));
    assertEquals(
        DocumentType.TEXT,
        ContentSniffer.detect("BMW cars".getBytes(StandardCharsets.UTF_8), "cars.bmp"));
  }

  @Test
  void plainTextBecomesParagraphBlocks() {
    ParsedDocument doc = load("a.txt", "First paragraph,\nstill first.\n\n\nSecond paragraph.\n");
    assertEquals(List.of("First paragraph,\nstill first.", "Second paragraph."), blockTexts(doc));
  }

  @Test
  void markdownKeepsHeadingPathsCodeBlocksAndOffsetsIntoTheSource() {
    String md =
        """
        # Guide

        Intro paragraph.

        ## Install

        Run this:

        ```bash
        ./rag demo
        ```

        ### Linux

        | os | ok |
        |----|----|
        | debian | yes |

        ## Use
        Query it.
        """;
    ParsedDocument doc = load("guide.md", md);
    assertEquals(DocumentType.MARKDOWN, doc.type());
    assertEquals("Guide", doc.title());
    assertEquals(md, doc.text(), "offsets point into the Markdown source itself");
    List<String> texts = blockTexts(doc);
    assertEquals("```bash\n./rag demo\n```", texts.get(4));
    Block code = doc.blocks().get(4);
    assertTrue(code.keepWhole());
    assertEquals(List.of("Guide", "Install"), code.headingPath());
    Block table = doc.blocks().get(6);
    assertEquals(List.of("Guide", "Install", "Linux"), table.headingPath());
    assertTrue(texts.get(6).contains("| debian | yes |"));
    assertEquals(List.of("Guide", "Use"), doc.blocks().get(doc.blocks().size() - 1).headingPath());
    assertEquals("Query it.", texts.get(texts.size() - 1));
  }

  @Test
  void htmlKeepsTheMainTextHeadingsTablesAndAltTextWithoutScriptsOrNavigation() throws IOException {
    Files.write(dir.resolve("chart.png"), TestFiles.encode(TestFiles.picture(64, 48), "png"));
    String html =
        """
        <!DOCTYPE html><html><head><title>Report</title><style>p{color:red}</style></head>
        <body><nav>Home | About</nav><main>
        <h1>Results</h1><p>Revenue   grew <b>twelve</b> percent.</p>
        <script>var secret = 1;</script>
        <h2>Table</h2><table><tr><th>year</th><th>revenue</th></tr><tr><td>2025</td><td>12</td></tr></table>
        <p><img src="chart.png" alt="Revenue chart"> <img src="https://example.com/x.png" alt="remote"></p>
        <pre>  code   stays
          as is</pre>
        </main></body></html>
        """;
    ParsedDocument doc = load("report.html", html);
    assertEquals("Report", doc.title());
    List<String> texts = blockTexts(doc);
    assertEquals(
        List.of(
            "Results",
            "Revenue grew twelve percent.",
            "Table",
            "year | revenue\n2025 | 12",
            "Revenue chart remote",
            "  code   stays\n  as is"),
        texts);
    assertFalse(doc.text().contains("secret") || doc.text().contains("Home"), doc.text());
    assertEquals(List.of("Results", "Table"), doc.blocks().get(3).headingPath());
    assertEquals(1, doc.images().size(), "the local image, not the remote one");
    ExtractedImage image = doc.images().get(0);
    assertEquals("Revenue chart — Table", image.caption(), "alt text and the heading above it");
    assertEquals("png", image.format());
    assertEquals(64, image.width());
  }

  @Test
  void deeplyNestedHtmlLoadsWithoutOverflowingTheStack() {
    String html =
        "<html><body>"
            + "<div>".repeat(100_000)
            + "deep text"
            + "</div>".repeat(100_000)
            + "</body></html>";
    ParsedDocument doc = load("deep.html", html);
    assertTrue(doc.text().contains("deep text"));
  }

  @Test
  void pdfTextPerPageWithPageNumbersAndTitle() {
    byte[] pdf =
        TestFiles.pdf(
            "Annual report",
            List.of(
                List.of("Page one talks about revenue."),
                List.of(),
                List.of("Page three talks about costs.")));
    ParsedDocument doc = loaders.load(pdf, dir.resolve("report.pdf"));
    assertEquals(DocumentType.PDF, doc.type());
    assertEquals("Annual report", doc.title());
    assertEquals(3, doc.pageCount());
    assertEquals(List.of(1, 3), doc.blocks().stream().map(Block::page).toList());
    assertEquals(
        List.of("Page one talks about revenue.", "Page three talks about costs."), blockTexts(doc));
    assertEquals(List.of("page 2 has no text layer"), doc.warnings());
  }

  @Test
  void pdfImagesAreExtractedWithTheirPageAndAScannedPageIsReported() {
    byte[] pdf =
        TestFiles.pdf(
            null,
            List.of(List.of("Text on page one."), List.of()),
            TestFiles.picture(120, 80),
            false);
    ParsedDocument doc = loaders.load(pdf, dir.resolve("scan.pdf"));
    assertEquals(1, doc.images().size());
    assertEquals(2, doc.images().get(0).page());
    assertEquals(120, doc.images().get(0).width());
    assertTrue(
        doc.warnings().get(0).startsWith("page 2 has no text layer (a scanned page"),
        doc.warnings().toString());
    assertEquals("Text on page one.", doc.title(), "no title in the metadata: the first line");
  }

  @Test
  void encryptedCorruptAndTruncatedPdfsAreRefusedWithTheReason() {
    byte[] encrypted = TestFiles.pdf("secret", List.of(List.of("hidden text")), null, true);
    assertEquals(
        "encrypted PDF: it needs a password to open, so its text cannot be read",
        assertThrows(LoadException.class, () -> loaders.load(encrypted, dir.resolve("e.pdf")))
            .getMessage());
    byte[] good = TestFiles.pdf("t", List.of(List.of("some text")));
    byte[] truncated = Arrays.copyOf(good, 60);
    assertTrue(
        assertThrows(LoadException.class, () -> loaders.load(truncated, dir.resolve("t.pdf")))
            .getMessage()
            .startsWith("corrupt or truncated PDF"));
    byte[] garbage = ("%PDF-1.7\n" + "garbage ".repeat(50)).getBytes(StandardCharsets.US_ASCII);
    LoadException e =
        assertThrows(LoadException.class, () -> loaders.load(garbage, dir.resolve("g.pdf")));
    assertTrue(e.getMessage().contains("PDF"), e.getMessage());
  }

  @Test
  void imagesInEveryFormatBecomeImageDocumentsCaptionedByTheirFileName() throws IOException {
    for (String format : List.of("png", "jpeg", "gif", "bmp")) {
      byte[] bytes = TestFiles.encode(TestFiles.picture(50, 40), format);
      ParsedDocument doc = loaders.load(bytes, dir.resolve("sunset_over-lake." + format));
      assertEquals(DocumentType.IMAGE, doc.type());
      assertEquals("sunset over lake", doc.text());
      ExtractedImage image = doc.images().get(0);
      assertEquals(format, image.format());
      assertEquals(50, image.width());
      assertEquals(40, image.height());
    }
    try (InputStream in = getClass().getResourceAsStream("/images/blue_square-on-red.webp")) {
      ParsedDocument webp = loaders.load(in.readAllBytes(), dir.resolve("blue_square-on-red.webp"));
      assertEquals("webp", webp.images().get(0).format());
      assertEquals(40, webp.images().get(0).width());
      assertEquals("blue square on red", webp.text());
    }
  }

  @Test
  void anImageDeclaringTooManyPixelsIsRefusedBeforeDecoding() {
    byte[] bomb = TestFiles.pngDeclaring(100_000, 100_000);
    LoadException e =
        assertThrows(LoadException.class, () -> loaders.load(bomb, dir.resolve("bomb.png")));
    assertEquals(
        "image declares 100000x100000 = 10000000000 pixels, more than ingest.max_image_pixels (40000000)",
        e.getMessage());
  }

  @Test
  void emptyAndOversizedContentIsRefused() {
    assertEquals(
        "empty file (0 bytes)",
        assertThrows(LoadException.class, () -> loaders.load(new byte[0], dir.resolve("e.txt")))
            .getMessage());
    Loaders small = new Loaders(new LoaderLimits(1000, 1, 10, 5000));
    assertEquals(
        "file is 11 bytes, larger than ingest.max_file_bytes (10)",
        assertThrows(
                LoadException.class,
                () ->
                    small.load(
                        "hello world".getBytes(StandardCharsets.UTF_8), dir.resolve("a.txt")))
            .getMessage());
  }

  @Test
  void aCorruptImageIsRefused() {
    byte[] png = TestFiles.encode(TestFiles.picture(50, 40), "png");
    byte[] cut = Arrays.copyOf(png, 40);
    LoadException e =
        assertThrows(LoadException.class, () -> loaders.load(cut, dir.resolve("cut.png")));
    assertTrue(e.getMessage().startsWith("corrupt"), e.getMessage());
  }

  @Test
  void pdfPagesWithoutAnyContentKeepTheNumbersOfThePagesAfterThem() throws IOException {
    byte[] pdf;
    try (org.apache.pdfbox.pdmodel.PDDocument doc =
        org.apache.pdfbox.Loader.loadPDF(
            TestFiles.pdf(
                "t", List.of(List.of("First page text."), List.of("Third page text."))))) {
      // a page with no content stream at all, between the two
      doc.getPages().insertAfter(new org.apache.pdfbox.pdmodel.PDPage(), doc.getPage(0));
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      doc.save(out);
      pdf = out.toByteArray();
    }
    ParsedDocument doc = loaders.load(pdf, dir.resolve("gap.pdf"));
    assertEquals(3, doc.pageCount());
    assertEquals(List.of(1, 3), doc.blocks().stream().map(Block::page).toList());
    assertEquals(List.of("First page text.", "Third page text."), blockTexts(doc));
  }

  @Test
  void aPdfWithMorePagesThanTheLimitIsRefusedBeforeAnyPageIsRead() {
    List<List<String>> pages = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      pages.add(List.of("page " + i));
    }
    Loaders limited = new Loaders(new LoaderLimits(40_000_000, 64, 64L << 20, 4));
    LoadException e =
        assertThrows(
            LoadException.class,
            () -> limited.load(TestFiles.pdf("long", pages), dir.resolve("long.pdf")));
    assertEquals("the PDF has 5 pages; at most 4 are read (ingest.max_pdf_pages)", e.getMessage());
  }
}
