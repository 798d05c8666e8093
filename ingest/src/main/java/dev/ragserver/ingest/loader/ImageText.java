package dev.ragserver.ingest.loader;

import java.awt.image.BufferedImage;

/**
 * Reads the text in an image (OCR). Ingest uses it for image files, images inside documents and
 * PDF pages without a text layer; {@link #NONE} when OCR is off.
 */
@FunctionalInterface
public interface ImageText {
  /** No OCR: every image has no text. */
  ImageText NONE = image -> "";

  /** The image's text in reading order, lines separated by newlines; "" when it has none. */
  String read(BufferedImage image);
}
