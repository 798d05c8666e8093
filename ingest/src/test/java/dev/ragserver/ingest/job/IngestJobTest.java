package dev.ragserver.ingest.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragserver.config.ConfigLoader;
import dev.ragserver.config.IngestConfig;
import dev.ragserver.index.schema.Modality;
import dev.ragserver.index.schema.StoredChunk;
import dev.ragserver.index.search.QueryInput;
import dev.ragserver.index.search.SearchRequest;
import dev.ragserver.index.search.SearchResult;
import dev.ragserver.ingest.TestFiles;
import dev.ragserver.model.Embedders;
import dev.ragserver.model.TextEmbedder;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestJobTest {
  @TempDir Path dir;
  private static TextEmbedder embedder;

  @BeforeAll
  static void openModel() {
    embedder = Embedders.open(IngestFixture.CONFIG.model());
  }

  @AfterAll
  static void closeModel() {
    embedder.close();
  }

  private IngestFixture fixture() {
    return new IngestFixture(dir.resolve("data"), new Unclosable(embedder));
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  private void mixedFolder(Path docs) throws IOException {
    write(
        docs.resolve("guide.md"),
        "# Guide\n\nIntro.\n\n## Install\n\nRun the installer, then start the server.\n");
    write(
        docs.resolve("web/page.html"),
        "<html><head><title>Lighthouses</title></head><body><h1>Lighthouses</h1>"
            + "<p>A lighthouse guides ships at night.</p></body></html>");
    write(docs.resolve("notes.txt"), "Bananas are rich in potassium.\n");
    Files.write(
        docs.resolve("report.pdf"),
        TestFiles.pdf(
            "Report",
            List.of(
                List.of("Page one is about revenue."),
                List.of("Page two is about glaciers melting."))));
    Files.write(
        docs.resolve("pictures/red_sunset.png"),
        TestFiles.encode(TestFiles.picture(64, 64), "png"));
  }

  @Test
  void aFolderOfMixedDocumentsBecomesSearchableChunksWithCitations() throws IOException {
    Path docs = dir.resolve("docs");
    Files.createDirectories(docs.resolve("pictures"));
    mixedFolder(docs);
    write(docs.resolve(".git/config"), "hidden files are skipped");
    try (IngestFixture f = fixture()) {
      JobStatus status =
          f.ingest(List.of(docs), Map.of("team", "search"), false, IngestFixture.CONFIG.ingest());
      assertEquals(JobState.SUCCEEDED, status.state(), status.failures().toString());
      assertEquals(5, status.filesTotal());
      assertEquals(5, status.filesIngested());
      f.index.refresh();
      String pdfId = docs.getFileName() + "/report.pdf";
      List<StoredChunk> pdf = f.index.document(pdfId);
      assertEquals(1, pdf.size());
      assertEquals(1, pdf.get(0).pageStart());
      assertEquals(2, pdf.get(0).pageEnd());
      assertEquals("Report", pdf.get(0).title());
      assertEquals(pdfId, pdf.get(0).source());
      Map<String, Object> meta = pdf.get(0).metadata();
      assertEquals("pdf", meta.get("file_type"));
      assertEquals("search", meta.get("team"));
      assertEquals(64, ((String) meta.get("content_hash")).length());

      StoredChunk install = f.index.document(docs.getFileName() + "/guide.md").get(0);
      assertEquals(
          List.of("Guide", "Install"),
          install.headingPath(),
          "the heading above the tiny intro leads in");
      String md = Files.readString(docs.resolve("guide.md"));
      assertEquals(md.substring(install.charStart(), install.charEnd()), install.text());

      StoredChunk picture =
          f.index.document(docs.getFileName() + "/pictures/red_sunset.png").get(0);
      assertEquals(Modality.IMAGE, picture.modality());
      assertEquals("red sunset", picture.text());
      String imageId = (String) picture.metadata().get("image_id");
      assertEquals(
          "image/png",
          f.index.blobs().get(imageId).orElseThrow().mediaType(),
          "the original is kept");
      assertTrue(f.index.blobs().get(imageId + "-thumb").isPresent(), "with a thumbnail");
      assertEquals(64, ((Number) picture.metadata().get("image_width")).intValue());

      String query = "what guides ships in the dark?";
      SearchResult hits =
          f.index.search(SearchRequest.of(QueryInput.text(query, embedder.embedQuery(query)), 1));
      assertEquals(docs.getFileName() + "/web/page.html", hits.hits().get(0).chunk().documentId());
    }
  }

  /** Black text on white, as a scan or a screenshot would have it. */
  private static java.awt.image.BufferedImage textImage(String... lines) {
    java.awt.image.BufferedImage img =
        new java.awt.image.BufferedImage(
            700, 80 + 60 * lines.length, java.awt.image.BufferedImage.TYPE_INT_RGB);
    java.awt.Graphics2D g = img.createGraphics();
    g.setColor(java.awt.Color.WHITE);
    g.fillRect(0, 0, img.getWidth(), img.getHeight());
    g.setColor(java.awt.Color.BLACK);
    g.setRenderingHint(
        java.awt.RenderingHints.KEY_TEXT_ANTIALIASING,
        java.awt.RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 32));
    for (int i = 0; i < lines.length; i++) {
      g.drawString(lines[i], 30, 70 + 60 * i);
    }
    g.dispose();
    return img;
  }

  @Test
  void textInImagesAndScannedPdfPagesIsReadByOcrAndSearchable() throws IOException {
    Path docs = dir.resolve("docs");
    Files.createDirectories(docs);
    Files.write(
        docs.resolve("slide.png"),
        TestFiles.encode(textImage("Quarterly revenue grew", "in every region"), "png"));
    Files.write(
        docs.resolve("scan.pdf"),
        TestFiles.pdf(
            "Scan",
            List.of(List.of("Typed first page."), List.of()),
            textImage("Warranty expires after", "twenty four months"),
            false));
    try (IngestFixture f = fixture();
        dev.ragserver.model.ocr.OcrEngine ocr =
            dev.ragserver.model.ocr.OcrEngine.open(IngestFixture.CONFIG.ocr())) {
      f.images = ImageUnderstanding.ocrOnly(ocr::text);
      JobStatus status = f.ingest(List.of(docs), false);
      assertEquals(JobState.SUCCEEDED, status.state(), status.toString());
      f.index.refresh();
      StoredChunk slide = f.index.document(docs.getFileName() + "/slide.png").get(0);
      assertEquals(Modality.IMAGE, slide.modality());
      assertTrue(slide.text().startsWith("slide\nQuarterly revenue grew"), slide.text());
      List<StoredChunk> scan = f.index.document(docs.getFileName() + "/scan.pdf");
      StoredChunk page2 =
          scan.stream()
              .filter(c -> c.modality() == Modality.TEXT && c.pageEnd() == 2)
              .findFirst()
              .orElseThrow(() -> new AssertionError("no text from page 2: " + scan));
      assertTrue(page2.text().contains("Warranty expires after"), page2.text());
      assertTrue(
          status.warnings().stream()
              .anyMatch(
                  w -> w.reason().equals("page 2 has no text layer: its text was read by OCR")),
          status.warnings().toString());
      String query = "when does the warranty expire?";
      SearchResult hits =
          f.index.search(SearchRequest.of(QueryInput.text(query, embedder.embedQuery(query)), 1));
      StoredChunk top = hits.hits().get(0).chunk();
      assertTrue(
          top.text().contains("Warranty") && top.pageStart() <= 2 && top.pageEnd() == 2,
          "the OCR'd page is found, with its page number: " + top);
    }
  }

  @Test
  void badFilesAreListedWithTheirReasonAndEveryGoodFileIsStillIngested() throws IOException {
    Path docs = dir.resolve("docs");
    Files.createDirectories(docs);
    write(docs.resolve("good.txt"), "A perfectly good file about owls.");
    Files.write(
        docs.resolve("corrupt.pdf"),
        ("%PDF-1.7\n" + "garbage ".repeat(40)).getBytes(StandardCharsets.US_ASCII));
    byte[] pdf = TestFiles.pdf("t", List.of(List.of("text that is cut off")));
    Files.write(docs.resolve("truncated.pdf"), Arrays.copyOf(pdf, 60));
    Files.write(
        docs.resolve("encrypted.pdf"), TestFiles.pdf("s", List.of(List.of("secret")), null, true));
    Files.write(docs.resolve("empty.txt"), new byte[0]);
    byte[] random = new byte[2048];
    new Random(3).nextBytes(random);
    Files.write(docs.resolve("random.txt"), random);
    Files.write(
        docs.resolve("latin1.txt"), "caf\u00e9 cr\u00e8me".getBytes(StandardCharsets.ISO_8859_1));
    try (RandomAccessFile huge = new RandomAccessFile(docs.resolve("huge.txt").toFile(), "rw")) {
      huge.setLength(200L << 20); // 200 MB, sparse: refused from its size before a byte is read
    }
    Files.write(docs.resolve("bomb.png"), TestFiles.pngDeclaring(100_000, 100_000));
    write(
        docs.resolve("deep.html"),
        "<html><body>"
            + "<div>".repeat(20_000)
            + "deep but fine"
            + "</div>".repeat(20_000)
            + "</body></html>");
    Files.createDirectories(docs.resolve("loop"));
    Files.createSymbolicLink(docs.resolve("loop/back"), docs);
    boolean proc = Files.exists(Path.of("/proc/self/mem"));
    if (proc) {
      // readable by name, fails on read (EIO) even for root: an unreadable file wherever the tests
      // run
      Files.createSymbolicLink(docs.resolve("unreadable.txt"), Path.of("/proc/self/mem"));
    }
    try (IngestFixture f = fixture()) {
      JobStatus status = f.ingest(List.of(docs), false);
      assertEquals(JobState.PARTIAL, status.state());
      assertEquals(2, status.filesIngested(), "good.txt and deep.html: " + status);
      Map<String, String> reasons =
          status.failures().stream()
              .collect(
                  Collectors.toMap(
                      ff -> Path.of(ff.path()).getFileName().toString(),
                      FileFailure::reason,
                      (a, b) -> a,
                      TreeMap::new));
      assertTrue(
          reasons.get("corrupt.pdf").startsWith("corrupt or truncated PDF"),
          reasons.get("corrupt.pdf"));
      assertTrue(
          reasons.get("truncated.pdf").startsWith("corrupt or truncated PDF"),
          reasons.get("truncated.pdf"));
      assertTrue(reasons.get("encrypted.pdf").startsWith("encrypted PDF"));
      assertEquals("empty file (0 bytes)", reasons.get("empty.txt"));
      assertTrue(
          reasons.get("random.txt").contains("binary")
              || reasons.get("random.txt").contains("not valid UTF-8"));
      assertTrue(reasons.get("latin1.txt").startsWith("not valid UTF-8"));
      assertEquals(
          "file is 209715200 bytes, larger than ingest.max_file_bytes (67108864)",
          reasons.get("huge.txt"));
      assertTrue(reasons.get("bomb.png").contains("more than ingest.max_image_pixels"));
      assertTrue(reasons.get("back").startsWith("symbolic link loop"), reasons.toString());
      if (proc) {
        assertTrue(
            reasons.get("unreadable.txt").startsWith("cannot read"), reasons.get("unreadable.txt"));
      }
      assertEquals(status.filesTotal(), status.filesIngested() + status.filesFailed());
      f.index.refresh();
      assertEquals(2, f.index.stats().documents());
    }
  }

  @Test
  void aRerunSkipsUnchangedFilesReplacesChangedOnesAndSyncDeletesGoneOnes() throws IOException {
    Path docs = dir.resolve("docs");
    write(docs.resolve("a.txt"), "Apples are red.");
    write(docs.resolve("b.txt"), "Bananas are yellow.");
    write(docs.resolve("c.txt"), "Cherries are dark red.");
    try (IngestFixture f = fixture()) {
      assertEquals(3, f.ingest(List.of(docs), false).filesIngested());
      write(docs.resolve("b.txt"), "Blueberries are blue.");
      Files.delete(docs.resolve("c.txt"));
      JobStatus second = f.ingest(List.of(docs), false);
      assertEquals(1, second.filesSkipped(), "a.txt is unchanged: " + second);
      assertEquals(1, second.filesIngested());
      assertEquals(0, second.documentsDeleted(), "without sync nothing is deleted");
      f.index.refresh();
      assertEquals(
          "Blueberries are blue.", f.index.document(docs.getFileName() + "/b.txt").get(0).text());
      assertEquals(3, f.index.stats().documents());

      JobStatus synced = f.ingest(List.of(docs), true);
      assertEquals(2, synced.filesSkipped());
      assertEquals(1, synced.documentsDeleted());
      f.index.refresh();
      assertEquals(2, f.index.stats().documents());

      IngestConfig bigger =
          ConfigLoader.builder().override("ingest.chunk_tokens", "200").build().load().ingest();
      assertEquals(
          2,
          f.ingest(List.of(docs), Map.of(), false, bigger).filesIngested(),
          "other chunking settings re-ingest unchanged files");
    }
  }

  @Test
  void aCancelledJobContinuesWhereItStoppedWhenRunAgain() throws Exception {
    Path docs = dir.resolve("docs");
    for (int i = 0; i < 30; i++) {
      write(
          docs.resolve("f" + (100 + i) + ".txt"),
          "Document number " + i + " talks about topic " + i + ".");
    }
    IngestConfig config =
        ConfigLoader.builder()
            .override("ingest.embed_batch_chunks", "1")
            .override("ingest.parse_threads", "1")
            .build()
            .load()
            .ingest();
    try (IngestFixture f = fixture()) {
      IngestPlan plan = new FileWalker(config).plan(List.of(docs));
      IngestJob job =
          IngestJob.of(
              "j",
              "docs",
              plan,
              f.index,
              embedder,
              config,
              ImageUnderstanding.NONE,
              Map.of(),
              false);
      CompletableFuture<JobStatus> running = CompletableFuture.supplyAsync(job::run);
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      while (job.status().filesIngested() < 5 && !running.isDone()) {
        assertTrue(
            System.nanoTime() < deadline, "5 files not ingested in 2 minutes: " + job.status());
        Thread.onSpinWait();
      }
      job.cancel();
      running.get(2, TimeUnit.MINUTES);
      JobStatus first = job.status();
      assertEquals(JobState.CANCELLED, first.state());
      assertTrue(first.filesIngested() < 30, first.toString());
      JobStatus again = f.ingest(List.of(docs), Map.of(), false, config);
      assertEquals(JobState.SUCCEEDED, again.state());
      assertEquals(first.filesIngested(), again.filesSkipped(), "committed files are not redone");
      assertEquals(30, again.filesSkipped() + again.filesIngested());
      f.index.refresh();
      assertEquals(30, f.index.stats().documents());
    }
  }

  @Test
  void includeAndExcludeGlobsChooseTheFiles() throws IOException {
    Path docs = dir.resolve("docs");
    write(docs.resolve("a.md"), "# A");
    write(docs.resolve("sub/b.md"), "# B");
    write(docs.resolve("sub/c.txt"), "C");
    write(docs.resolve("drafts/d.md"), "# D");
    IngestConfig config =
        ConfigLoader.builder()
            .override("ingest.include", "[\"**/*.md\"]")
            .override("ingest.exclude", "[\"drafts/**\",\"drafts\"]")
            .build()
            .load()
            .ingest();
    List<String> names =
        new FileWalker(config)
            .plan(List.of(docs)).inputs().stream()
                .map(i -> docs.relativize(i.file()).toString())
                .toList();
    assertEquals(List.of("a.md", "sub/b.md"), names);
  }
}
