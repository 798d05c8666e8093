package dev.ragserver.ingest.document;

import java.util.Objects;

/**
 * An image found in or as a document.
 *
 * @param bytes the encoded image (as found, or re-encoded as PNG when it was a PDF raster)
 * @param format lower-case format name: png, jpeg, gif, bmp, webp
 * @param width pixels across
 * @param height pixels down
 * @param page page number from 1, 0 when the document has no pages
 * @param caption what describes it: alt text, caption or the nearest heading/sentence ("" if none)
 * @param reference where it came from: the file name, the {@code src} of an HTML image, or "page N
 *     image M" in a PDF
 */
@SuppressWarnings("ArrayRecordComponent")
// arrays on purpose (image bytes as extracted); a carrier, never compared: identity equality is all
// it needs
public record ExtractedImage(
    byte[] bytes,
    String format,
    int width,
    int height,
    int page,
    String caption,
    String reference) {
  public ExtractedImage {
    Objects.requireNonNull(bytes, "bytes");
    Objects.requireNonNull(format, "format");
    if (width < 1 || height < 1) {
      throw new IllegalArgumentException(
          "image size must be at least 1x1, got: " + width + "x" + height);
    }
    caption = caption == null ? "" : caption.strip();
    reference = reference == null ? "" : reference;
  }

  /** The image's media type. */
  public String mediaType() {
    return "image/" + format;
  }
}
