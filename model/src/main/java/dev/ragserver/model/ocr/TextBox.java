package dev.ragserver.model.ocr;

/**
 * An axis-aligned box of text in image pixels.
 *
 * @param x left
 * @param y top
 * @param width width
 * @param height height
 * @param score the detector's mean probability inside the box
 */
public record TextBox(int x, int y, int width, int height, float score) {
  public TextBox {
    if (width < 1 || height < 1) {
      throw new IllegalArgumentException(
          "a text box must be at least 1x1, got: " + width + "x" + height);
    }
  }

  /** Vertical centre. */
  public double centerY() {
    return y + height / 2.0;
  }
}
