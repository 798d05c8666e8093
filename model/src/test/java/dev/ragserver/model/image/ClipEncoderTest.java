package dev.ragserver.model.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragserver.config.ConfigLoader;
import dev.ragserver.config.ImageModelConfig;
import dev.ragserver.model.ModelException;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tiny CLIP fixture (clip/generate.py): a picture's embedding follows its mean colour, a text's
 * follows its colour words, so the right answers are known from the weights.
 */
class ClipEncoderTest {
  private static ClipEncoder clip;

  static ImageModelConfig config(Path dir) {
    return ConfigLoader.builder()
        .environment(Map.of())
        .override("image_model.name", "tiny-clip")
        .override("image_model.directory", dir.toString())
        .override("image_model.batch_size", "2")
        .build()
        .load()
        .imageModel();
  }

  static Path fixture() {
    try {
      return Path.of(ClipEncoderTest.class.getResource("/clip/tiny-clip").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @BeforeAll
  static void open() {
    clip = ClipEncoder.open(config(fixture()));
  }

  @AfterAll
  static void close() {
    clip.close();
  }

  static BufferedImage picture(Color background, Color square) {
    BufferedImage img = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(background);
    g.fillRect(0, 0, 320, 240);
    g.setColor(square);
    g.fillRect(120, 80, 80, 80);
    g.dispose();
    return img;
  }

  private static float dot(float[] a, float[] b) {
    float s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static int best(float[] query, List<float[]> candidates) {
    int best = -1;
    float score = Float.NEGATIVE_INFINITY;
    for (int i = 0; i < candidates.size(); i++) {
      float s = dot(query, candidates.get(i));
      if (s > score) {
        score = s;
        best = i;
      }
    }
    return best;
  }

  @Test
  void aTextFindsThePictureOfItsColourAndAPictureFindsItsLikeness() {
    List<BufferedImage> pictures =
        List.of(
            picture(Color.RED, Color.WHITE),
            picture(Color.GREEN, Color.BLACK),
            picture(Color.BLUE, Color.GRAY));
    List<float[]> images = clip.embedImages(pictures);
    List<float[]> texts =
        clip.embedTexts(List.of("a photo of red", "green square", "a blue picture"));
    for (int i = 0; i < 3; i++) {
      assertEquals(i, best(texts.get(i), images), "text " + i + " finds picture " + i);
    }
    float[] query = clip.embedImages(List.of(picture(new Color(220, 30, 30), Color.RED))).get(0);
    assertEquals(0, best(query, images), "a reddish picture finds the red one");
    assertEquals(4, clip.dimension());
    assertEquals(1.0, Math.sqrt(dot(images.get(0), images.get(0))), 1e-5, "unit vectors");
  }

  @Test
  void aBatchEqualsOneAtATime() {
    List<BufferedImage> pictures = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      pictures.add(picture(new Color(50 * i, 255 - 40 * i, 100), Color.WHITE));
    }
    List<float[]> batch = clip.embedImages(pictures);
    for (int i = 0; i < pictures.size(); i++) {
      assertArrayEquals(clip.embedImages(List.of(pictures.get(i))).get(0), batch.get(i), 1e-6f);
    }
    List<String> words = List.of("red", "a photo of green", "blue blue square", "picture");
    List<float[]> texts = clip.embedTexts(words);
    for (int i = 0; i < words.size(); i++) {
      assertArrayEquals(
          clip.embedTexts(List.of(words.get(i))).get(0),
          texts.get(i),
          1e-6f,
          "padding in a batch changes nothing");
    }
  }

  @Test
  void aTextPlusImageQueryIsTheNormalisedWeightedSum() {
    float[] t = {1, 0, 0, 0};
    float[] i = {0, 1, 0, 0};
    float[] joint = ClipEncoder.joint(t, i, 0.5, 0.5);
    assertArrayEquals(new float[] {0.70710677f, 0.70710677f, 0, 0}, joint, 1e-6f);
    float[] mostlyText = ClipEncoder.joint(t, i, 0.9, 0.1);
    assertTrue(mostlyText[0] > mostlyText[1]);
  }

  @Test
  void aFolderWithoutTheModelFilesSaysWhichFileIsMissing(@TempDir Path empty) throws Exception {
    ModelException e = assertThrows(ModelException.class, () -> ClipEncoder.open(config(empty)));
    assertTrue(
        e.getMessage().contains("vision_model.onnx")
            && e.getMessage().contains("image_model.vision_file"),
        e.getMessage());
    Files.copy(fixture().resolve("text_model.onnx"), empty.resolve("vision_model.onnx"));
    for (String f :
        new String[] {"text_model.onnx", "tokenizer.json", "preprocessor_config.json"}) {
      Files.copy(fixture().resolve(f), empty.resolve(f));
    }
    ModelException wrong =
        assertThrows(ModelException.class, () -> ClipEncoder.open(config(empty)));
    assertTrue(
        wrong.getMessage().contains("not a CLIP vision model")
            && wrong.getMessage().contains("input_ids"),
        wrong.getMessage());
  }
}
