package dev.ragserver.tools.cli;

import dev.ragserver.config.RagConfig;
import dev.ragserver.ingest.document.ParsedDocument;
import dev.ragserver.ingest.loader.LoaderLimits;
import dev.ragserver.ingest.loader.Loaders;
import dev.ragserver.server.cli.ConfigOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./rag bench pdf}: how PDF loading time grows with the page count, on generated PDFs of
 * tiny pages (one line each). Linear loading keeps the time per page flat from the smallest to the
 * largest size: the ratio it prints.
 */
@Command(
    name = "pdf",
    mixinStandardHelpOptions = true,
    description = {
      "Generate PDFs of N one-line pages and time the PDF loader on each (no OCR, no embedding):",
      "the time per page should not grow with N."
    })
final class BenchPdfCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;
  @Spec CommandSpec spec;

  @Option(
      names = "--pages",
      split = ",",
      defaultValue = "1000,5000,20000",
      description = "Page counts (default: ${DEFAULT-VALUE}).")
  List<Integer> pages;

  static byte[] pdf(int pages) {
    try (PDDocument doc = new PDDocument()) {
      PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
      for (int p = 0; p < pages; p++) {
        PDPage page = new PDPage();
        doc.addPage(page);
        try (PDPageContentStream c = new PDPageContentStream(doc, page)) {
          c.beginText();
          c.setFont(font, 11);
          c.newLineAtOffset(50, 740);
          c.showText("Page " + (p + 1) + " of the generated report.");
          c.endText();
        }
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.save(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Integer call() {
    RagConfig cfg = config.load();
    PrintWriter out = spec.commandLine().getOut();
    LoaderLimits ingest = LoaderLimits.of(cfg.ingest());
    // the page limit lifted: this measures the loader, not the limit
    Loaders loaders =
        new Loaders(
            new LoaderLimits(
                ingest.maxImagePixels(),
                ingest.maxImagesPerDocument(),
                ingest.maxFileBytes(),
                1_000_000));
    loaders.load(pdf(50), Path.of("warm-up.pdf"));
    out.printf(
        Locale.ROOT, "| date | machine | pages | seconds | ms per page |%n|---|---|---|---|---|%n");
    double first = -1;
    double last = -1;
    for (int n : pages) {
      byte[] bytes = pdf(n);
      long t0 = System.nanoTime();
      ParsedDocument doc = loaders.load(bytes, Path.of("bench-" + n + ".pdf"));
      double seconds = (System.nanoTime() - t0) / 1e9;
      if (doc.pageCount() != n) {
        throw new IllegalStateException("loaded " + doc.pageCount() + " of " + n + " pages");
      }
      double perPage = seconds * 1000 / n;
      first = first < 0 ? perPage : first;
      last = perPage;
      out.printf(
          Locale.ROOT,
          "| %s | %s | %d | %.1f | %.3f |%n",
          LocalDate.now(ZoneOffset.UTC),
          BenchPaths.machine(),
          n,
          seconds,
          perPage);
    }
    out.printf(
        Locale.ROOT, "%ntime per page, largest / smallest: %.2f (1 = linear)%n", last / first);
    return 0;
  }
}
