package dev.ragserver.ingest.loader;

import java.awt.image.BufferedImage;

/**
 * Reads the text in an image (OCR). Ingest uses it for image files, images inside documents and PDF
 * pages without a text layer; {@link #NONE} when OCR is off.
 */
@FunctionalInterface
public interface ImageText {
  /** No OCR: every image has no text, and {@link #reads()} says so. */
  ImageText NONE =
      new ImageText() {
        @Override
        public String read(BufferedImage image) {
          return "";
        }

        @Override
        public boolean reads() {
          return false;
        }
      };

  /** The image's text in reading order, lines separated by newlines; "" when it has none. */
  String read(BufferedImage image);

  /** Whether this reads text at all (false for {@link #NONE}: a page rendered for it is wasted). */
  default boolean reads() {
    return true;
  }
}
