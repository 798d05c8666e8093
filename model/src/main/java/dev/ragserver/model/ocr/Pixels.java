package dev.ragserver.model.ocr;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/** Image to tensor conversions the PaddleOCR models expect (BGR channel order, as OpenCV reads). */
final class Pixels {
  private Pixels() {}

  /** The image scaled to exactly {@code w × h} (bilinear), as 8-bit RGB. */
  static BufferedImage resize(BufferedImage src, int w, int h) {
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.drawImage(src, 0, 0, w, h, null);
    } finally {
      g.dispose();
    }
    return out;
  }

  /**
   * Writes the image into {@code dst} (CHW, BGR planes) at {@code offset}, each value {@code (v /
   * 255 − mean[c]) / std[c]}; the planes are {@code planeWidth} wide, the image may be narrower
   * (the rest stays as filled).
   */
  static void writeChw(
      BufferedImage img,
      float[] dst,
      int offset,
      int planeWidth,
      int planeHeight,
      float[] mean,
      float[] std) {
    int w = img.getWidth();
    int h = img.getHeight();
    int plane = planeWidth * planeHeight;
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      img.getRGB(0, y, w, 1, row, 0, w);
      for (int x = 0; x < w; x++) {
        int rgb = row[x];
        float r = ((rgb >> 16) & 0xff) / 255f;
        float g = ((rgb >> 8) & 0xff) / 255f;
        float b = (rgb & 0xff) / 255f;
        int at = offset + y * planeWidth + x;
        dst[at] = (b - mean[0]) / std[0];
        dst[at + plane] = (g - mean[1]) / std[1];
        dst[at + 2 * plane] = (r - mean[2]) / std[2];
      }
    }
  }

  /** A copy of a region. */
  static BufferedImage crop(BufferedImage img, TextBox b) {
    BufferedImage out = new BufferedImage(b.width(), b.height(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.drawImage(
          img,
          0,
          0,
          b.width(),
          b.height(),
          b.x(),
          b.y(),
          b.x() + b.width(),
          b.y() + b.height(),
          null);
    } finally {
      g.dispose();
    }
    return out;
  }

  /** The image turned by 180° (or 90° counter-clockwise when {@code quarter}). */
  static BufferedImage rotate(BufferedImage img, boolean quarter) {
    int w = img.getWidth();
    int h = img.getHeight();
    BufferedImage out =
        quarter
            ? new BufferedImage(h, w, BufferedImage.TYPE_INT_RGB)
            : new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int rgb = img.getRGB(x, y);
        if (quarter) {
          out.setRGB(y, w - 1 - x, rgb);
        } else {
          out.setRGB(w - 1 - x, h - 1 - y, rgb);
        }
      }
    }
    return out;
  }
}
