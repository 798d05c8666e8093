package dev.ragserver.ingest.job;

import dev.ragserver.ingest.loader.ImageText;
import java.awt.image.BufferedImage;
import java.util.Objects;
import java.util.function.Function;

/**
 * What ingest can make of an image beyond its caption: its text (OCR) and its vector in an image
 * model's space (null function: no image model).
 *
 * @param ocr reads text in images and scanned pages
 * @param imageVector the image's unit vector in the image model's space, or null without an image
 *     model
 */
public record ImageUnderstanding(ImageText ocr, Function<BufferedImage, float[]> imageVector) {
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
