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
      StringBuilder text = new StringBuilder();
      List<Block> blocks = new ArrayList<>();
      List<ExtractedImage> images = new ArrayList<>();
      List<String> warnings = new ArrayList<>();
      PDFTextStripper stripper = new PDFTextStripper();
      stripper.setLineSeparator("\n");
      stripper.setParagraphEnd("\n\n");
      for (int p = 1; p <= pages; p++) {
        stripper.setStartPage(p);
        stripper.setEndPage(p);
        String pageText = stripper.getText(pdf).replace("\r\n", "\n").strip();
        PDPage page = pdf.getPage(p - 1);
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
        Paragraphs.split(text.toString(), start, text.length(), List.of(), p, blocks);
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
