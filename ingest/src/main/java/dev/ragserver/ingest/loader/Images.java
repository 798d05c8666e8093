package dev.ragserver.ingest.loader;

import dev.ragserver.ingest.document.ExtractedImage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Reads images through ImageIO (PNG, JPEG, GIF, BMP; WebP through TwelveMonkeys), checking the
 * declared size against the pixel limit from the header, before a single pixel is decoded.
 */
public final class Images {
  static {
    ImageIO.setUseCache(false);
  }

  private Images() {}

  /** Width and height an image declares, and its format. */
  public record Header(String format, int width, int height) {}

  /**
   * Reads and checks an image: its header must be within the pixel limit and it must decode.
   *
   * @throws LoadException for unknown formats, oversized or corrupt images
   */
  public static ExtractedImage read(
      byte[] bytes, LoaderLimits limits, int page, String caption, String reference) {
    Header header = header(bytes, limits);
    decode(bytes);
    return new ExtractedImage(
        bytes, header.format(), header.width(), header.height(), page, caption, reference);
  }

  /** The header of an image, refused when it declares more pixels than the limit. */
  public static Header header(byte[] bytes, LoaderLimits limits) {
    String sniffed = ContentSniffer.imageFormat(bytes);
    if (sniffed == null) {
      throw new LoadException("not a PNG, JPEG, GIF, BMP or WebP image");
    }
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new LoadException("no decoder for " + sniffed + " images is installed");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        checkPixels(width, height, limits);
        return new Header(sniffed, width, height);
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof LoadException le) {
        throw le;
      }
      throw new LoadException("corrupt " + sniffed + " image: " + message(e), e);
    }
  }

  /** Fails when width × height exceeds the limit. */
  public static void checkPixels(long width, long height, LoaderLimits limits) {
    if (width < 1 || height < 1) {
      throw new LoadException("image declares an empty size " + width + "x" + height);
    }
    if (width * height > limits.maxImagePixels()) {
      throw new LoadException(
          "image declares "
              + width
              + "x"
              + height
              + " = "
              + width * height
              + " pixels, more than ingest.max_image_pixels ("
              + limits.maxImagePixels()
              + ")");
    }
  }

  /**
   * Decodes an image whose header is within the pixel limit (a query image, an image given on the
   * command line).
   *
   * @throws LoadException for unknown formats, oversized or corrupt images
   */
  public static BufferedImage decode(byte[] bytes, LoaderLimits limits) {
    header(bytes, limits);
    return decode(bytes);
  }

  /** Decodes the pixels (after {@link #header} has checked the size). */
  public static BufferedImage decode(byte[] bytes) {
    try {
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
      if (image == null) {
        throw new LoadException("no decoder could read this image");
      }
      return image;
    } catch (IOException | RuntimeException e) {
      if (e instanceof LoadException le) {
        throw le;
      }
      throw new LoadException("corrupt image: " + message(e), e);
    }
  }

  /** PNG bytes of a decoded image. */
  public static byte[] png(BufferedImage image) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, "png", out)) {
        throw new LoadException("cannot encode the image as PNG");
      }
    } catch (IOException e) {
      throw new LoadException("cannot encode the image as PNG: " + e.getMessage(), e);
    }
    return out.toByteArray();
  }

  /**
   * A PNG no larger than {@code side} on its longest side (the image itself re-encoded when
   * smaller).
   */
  public static byte[] thumbnail(BufferedImage image, int side) {
    double scale = Math.min(1.0, (double) side / Math.max(image.getWidth(), image.getHeight()));
    int w = Math.max(1, (int) Math.round(image.getWidth() * scale));
    int h = Math.max(1, (int) Math.round(image.getHeight() * scale));
    BufferedImage small = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    java.awt.Graphics2D g = small.createGraphics();
    try {
      g.setRenderingHint(
          java.awt.RenderingHints.KEY_INTERPOLATION,
          java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setColor(java.awt.Color.WHITE);
      g.fillRect(0, 0, w, h);
      g.drawImage(image, 0, 0, w, h, null);
    } finally {
      g.dispose();
    }
    return png(small);
  }

  /**
   * What describes an embedded image: its alt text and the heading it sits under ("alt — heading").
   */
  public static String caption(String alt, String heading) {
    if (alt.isBlank()) {
      return heading.strip();
    }
    return heading.isBlank() || alt.contains(heading)
        ? alt.strip()
        : alt.strip() + " — " + heading.strip();
  }

  /** A caption made from a file name: "sunset_over-lake.JPG" → "sunset over lake". */
  public static String captionFromFileName(String fileName) {
    String base = fileName;
    int dot = base.lastIndexOf('.');
    if (dot > 0) {
      base = base.substring(0, dot);
    }
    return base.replaceAll("[_\\-.]+", " ").strip().toLowerCase(Locale.ROOT);
  }

  private static String message(Throwable e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
