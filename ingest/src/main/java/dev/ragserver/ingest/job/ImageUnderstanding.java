package dev.ragserver.ingest.job;

import dev.ragserver.ingest.loader.ImageText;
import java.util.Objects;

/**
 * What ingest can make of an image beyond its caption: its text (OCR) and its vector from an image
 * model (null: no image model).
 *
 * @param ocr reads text in images and scanned pages
 * @param vectors how image chunks get their vector, or null without an image model
 */
public record ImageUnderstanding(ImageText ocr, ImageVectors vectors) {
  /** No OCR, no image model: images are found by their captions. */
  public static final ImageUnderstanding NONE = new ImageUnderstanding(ImageText.NONE, null);

  public ImageUnderstanding {
    Objects.requireNonNull(ocr, "ocr");
  }

  /** OCR only. */
  public static ImageUnderstanding ocrOnly(ImageText ocr) {
    return new ImageUnderstanding(ocr, null);
  }
}
