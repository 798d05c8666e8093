package dev.ragserver.model.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Pixels equal what Hugging Face's CLIPImageProcessor makes with Pillow: the golden RGB bytes after
 * resize + crop were written by {@code clip/generate.py}. Tolerance: exact (0 levels) — the Java
 * resampler reproduces Pillow's fixed-point arithmetic, so any difference is a bug; rescaling and
 * normalisation are then float arithmetic checked to 1e-6.
 */
class ImagePreprocessorTest {
  private static byte[] resource(String name) throws IOException {
    try (InputStream in = ImagePreprocessorTest.class.getResourceAsStream("/clip/" + name)) {
      return in.readAllBytes();
    }
  }

  private static ImagePreprocessor clip() throws IOException {
    return ImagePreprocessor.fromJson(
        resource("tiny-clip/preprocessor_config.json"), "preprocessor_config.json");
  }

  @Test
  void resizedAndCroppedPixelsEqualPillowsForEveryGoldenImage() throws IOException {
    ImagePreprocessor pre = clip();
    for (String name : List.of("landscape-300x200", "portrait-201x350", "photo-520x391")) {
      BufferedImage image =
          ImageIO.read(new java.io.ByteArrayInputStream(resource("preprocess/" + name + ".png")));
      byte[] golden = resource("preprocess/" + name + ".rgb");
      byte[] ours = pre.resizedAndCropped(image);
      assertEquals(golden.length, ours.length);
      int maxDiff = 0;
      int differing = 0;
      for (int i = 0; i < golden.length; i++) {
        int d = Math.abs((golden[i] & 0xff) - (ours[i] & 0xff));
        maxDiff = Math.max(maxDiff, d);
        differing += d == 0 ? 0 : 1;
      }
      System.out.printf(
          Locale.ROOT,
          "CLIP preprocessing %s: max difference %d levels, %d of %d values differ%n",
          name,
          maxDiff,
          differing,
          golden.length);
      assertEquals(0, maxDiff, name + ": " + differing + " values differ from Pillow");
    }
  }

  @Test
  void pixelsAreRescaledAndNormalisedChannelsFirst() throws IOException {
    ImagePreprocessor pre = clip();
    BufferedImage red = new BufferedImage(300, 224, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 224; y++) {
      for (int x = 0; x < 300; x++) {
        red.setRGB(x, y, 0xFF0000);
      }
    }
    float[] px = pre.pixels(red);
    assertEquals(3 * 224 * 224, px.length);
    assertEquals((1.0f - 0.48145467f) / 0.26862955f, px[0], 1e-6, "R plane first");
    assertEquals((0f - 0.4578275f) / 0.2613026f, px[224 * 224], 1e-6, "then G");
    assertEquals((0f - 0.40821072f) / 0.2757771f, px[2 * 224 * 224 + 5], 1e-6, "then B");
    assertTrue(px[224 * 224 - 1] > 1.9f, "the whole R plane");
  }
}
