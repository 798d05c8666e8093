package dev.ragserver.ingest.loader;

import dev.ragserver.ingest.document.Block;
import dev.ragserver.ingest.document.DocumentType;
import dev.ragserver.ingest.document.ExtractedImage;
import dev.ragserver.ingest.document.ParsedDocument;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.pdmodel.graphics.PDXObject;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * PDF through PDFBox 3: the text of each page (pages joined by blank lines, each paragraph a block
 * carrying its page number), the title from the document information (else the first line), and the
 * raster images placed on each page, re-encoded as PNG with their page. A page without a text layer
 * is reported as a warning (OCR turns it into text once an OCR model is configured). A PDF that
 * needs a password, or cannot be parsed, is refused with the reason.
 */
public final class PdfLoader implements dev.ragserver.ingest.loader.Loader {
  /** Images smaller than this on either side are decoration (bullets, rules), not content. */
  private static final int MIN_IMAGE_SIDE = 32;

  /** Resolution at which a page without a text layer is rendered for OCR. */
  private static final float OCR_DPI = 150;

  private final ImageText ocr;

  /**
   * A PDF loader; {@code ocr} reads pages that have no text layer ({@link ImageText#NONE}: none).
   */
  public PdfLoader(ImageText ocr) {
    this.ocr = ocr;
  }

  @Override
  public ParsedDocument load(byte[] bytes, Path path, LoaderLimits limits) {
    try (PDDocument pdf = open(bytes)) {
      int pages = pdf.getNumberOfPages();
      if (pages == 0) {
        throw new LoadException("the PDF has no pages");
      }
      if (pages > limits.maxPdfPages()) {
        throw new LoadException(
            "the PDF has "
                + pages
                + " pages; at most "
                + limits.maxPdfPages()
                + " are read (ingest.max_pdf_pages)");
      }
      List<String> pageTexts = PageTexts.of(pdf);
      StringBuilder text = new StringBuilder();
      List<int[]> spans = new ArrayList<>();
      List<ExtractedImage> images = new ArrayList<>();
      List<String> warnings = new ArrayList<>();
      int p = 0;
      for (PDPage page : pdf.getPages()) {
        p++;
        String pageText = p <= pageTexts.size() ? pageTexts.get(p - 1) : "";
        int imagesBefore = images.size();
        collectImages(page, p, limits, images, warnings);
        if (pageText.isEmpty()) {
          pageText = ocrPage(pdf, page, p, limits).strip();
          if (pageText.isEmpty()) {
            warnings.add(
                "page "
                    + p
                    + " has no text layer"
                    + (images.size() > imagesBefore || hasImages(page)
                        ? (!ocr.reads()
                            ? " (a scanned page: its text is searchable once OCR is enabled)"
                            : " and OCR found no text on it")
                        : ""));
            continue;
          }
          warnings.add("page " + p + " has no text layer: its text was read by OCR");
        }
        if (!text.isEmpty()) {
          text.append("\n\n");
        }
        int start = text.length();
        text.append(pageText);
        spans.add(new int[] {start, text.length(), p});
      }
      // paragraphs once the whole text is known: one copy of it, not one per page
      String whole = text.toString();
      List<Block> blocks = new ArrayList<>();
      for (int[] span : spans) {
        Paragraphs.split(whole, span[0], span[1], List.of(), span[2], blocks);
      }
      String title = title(pdf.getDocumentInformation(), text);
      return new ParsedDocument(
          DocumentType.PDF, text.toString(), title, blocks, images, pages, warnings);
    } catch (InvalidPasswordException e) {
      throw new LoadException(
          "encrypted PDF: it needs a password to open, so its text cannot be read", e);
    } catch (IOException e) {
      throw new LoadException("corrupt or truncated PDF: " + e.getMessage(), e);
    } catch (LoadException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new LoadException("cannot parse the PDF: " + e, e);
    }
  }

  /** The OCR text of a rendered page ("" without OCR, or when the page is too large to render). */
  private String ocrPage(PDDocument pdf, PDPage page, int number, LoaderLimits limits)
      throws IOException {
    if (!ocr.reads()) {
      return "";
    }
    float scale = OCR_DPI / 72f;
    long w = (long) Math.ceil(page.getMediaBox().getWidth() * scale);
    long h = (long) Math.ceil(page.getMediaBox().getHeight() * scale);
    if (w * h > limits.maxImagePixels() || w < 1 || h < 1) {
      return "";
    }
    java.awt.image.BufferedImage image =
        new org.apache.pdfbox.rendering.PDFRenderer(pdf)
            .renderImageWithDPI(number - 1, OCR_DPI, org.apache.pdfbox.rendering.ImageType.RGB);
    return ocr.read(image);
  }

  /**
   * Every page's text in one pass of the stripper: asking it for one page at a time walks the page
   * tree from the start each time, quadratic in the page count.
   */
  private static final class PageTexts extends PDFTextStripper {
    private final String[] pages;
    private final java.io.StringWriter out = new java.io.StringWriter();

    private PageTexts(int count) {
      this.pages = new String[count];
      java.util.Arrays.fill(pages, "");
      setLineSeparator("\n");
      setParagraphEnd("\n\n");
    }

    /** Each page's text by page index ("" for a page without content). */
    static List<String> of(PDDocument pdf) throws IOException {
      PageTexts t = new PageTexts(pdf.getNumberOfPages());
      t.writeText(pdf, t.out);
      return List.of(t.pages);
    }

    @Override
    protected void endPage(PDPage page) throws IOException {
      super.endPage(page);
      output.flush();
      int index = getCurrentPageNo() - 1;
      if (index >= 0 && index < pages.length) {
        pages[index] = out.getBuffer().toString().replace("\r\n", "\n").strip();
      }
      out.getBuffer().setLength(0);
    }
  }

  private static PDDocument open(byte[] bytes) throws IOException {
    return Loader.loadPDF(bytes);
  }

  private static String title(PDDocumentInformation info, StringBuilder text) {
    String title = info == null ? null : info.getTitle();
    if (title != null && !title.isBlank()) {
      return title.strip();
    }
    int nl = text.indexOf("\n");
    String first = (nl < 0 ? text.toString() : text.substring(0, nl)).strip();
    return first.length() > 200 ? first.substring(0, 200) : first;
  }

  private static boolean hasImages(PDPage page) {
    PDResources resources = page.getResources();
    if (resources == null) {
      return false;
    }
    for (COSName name : resources.getXObjectNames()) {
      if (resources.isImageXObject(name)) {
        return true;
      }
    }
    return false;
  }

  private static void collectImages(
      PDPage page,
      int pageNumber,
      LoaderLimits limits,
      List<ExtractedImage> out,
      List<String> warnings)
      throws IOException {
    PDResources resources = page.getResources();
    if (resources == null) {
      return;
    }
    int n = 0;
    for (COSName name : resources.getXObjectNames()) {
      if (out.size() >= limits.maxImagesPerDocument()) {
        return;
      }
      PDXObject x = resources.getXObject(name);
      if (!(x instanceof PDImageXObject image)) {
        continue;
      }
      n++;
      if (image.getWidth() < MIN_IMAGE_SIDE || image.getHeight() < MIN_IMAGE_SIDE) {
        continue;
      }
      String reference = "page " + pageNumber + " image " + n;
      try {
        Images.checkPixels(image.getWidth(), image.getHeight(), limits);
        byte[] png = Images.png(image.getImage());
        out.add(
            new ExtractedImage(
                png, "png", image.getWidth(), image.getHeight(), pageNumber, "", reference));
      } catch (IOException | RuntimeException e) {
        warnings.add(reference + " skipped: " + e.getMessage());
      }
    }
  }
}
