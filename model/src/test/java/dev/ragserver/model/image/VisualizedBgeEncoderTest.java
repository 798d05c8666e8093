package dev.ragserver.model.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ragserver.config.ConfigLoader;
import dev.ragserver.config.ImageModelConfig;
import dev.ragserver.config.ImageModelKind;
import dev.ragserver.model.Embedders;
import dev.ragserver.model.EmbeddingPart;
import dev.ragserver.model.ModelException;
import dev.ragserver.model.TestModels;
import dev.ragserver.model.TextEmbedder;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The Visualized BGE encoder against the tiny fixture of {@code vbge/generate.py}, which has the
 * export contract's exact inputs, outputs and dtypes, and NumPy's golden vectors (PIL's resize).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VisualizedBgeEncoderTest {
  private static final Path DIR = Path.of("src/test/resources/vbge");
  private static final Path TINY = DIR.resolve("tiny-vbge");
  private static final List<String> IMAGES =
      List.of("landscape-300x200", "portrait-201x350", "photo-520x391");
  private VisualizedBgeEncoder encoder;
  private JsonNode golden;
  private List<BufferedImage> images;

  @BeforeAll
  void open() throws IOException {
    encoder =
        VisualizedBgeEncoder.open(
            "tiny-vbge",
            new VisualizedBgeEncoder.Files(
                TINY.resolve("multimodal.onnx"),
                TINY.resolve("tokenizer.json"),
                TINY.resolve("preprocessor_config.json")),
            1,
            64,
            2);
    golden = new ObjectMapper().readTree(DIR.resolve("golden.json").toFile());
    images = new ArrayList<>();
    for (String name : IMAGES) {
      images.add(
          ImageIO.read(Path.of("src/test/resources/clip/preprocess/" + name + ".png").toFile()));
    }
  }

  @AfterAll
  void close() {
    encoder.close();
  }

  private float[] golden(String image, String kind) {
    JsonNode v = golden.get(image).get(kind);
    float[] out = new float[v.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) v.get(i).asDouble();
    }
    return out;
  }

  @Test
  void anImageAloneIsTheImageWithTheEmptyTextAsNumPySays() {
    assertEquals(4, encoder.dimension());
    List<float[]> got = encoder.embedImages(images);
    for (int i = 0; i < IMAGES.size(); i++) {
      assertArrayEquals(golden(IMAGES.get(i), "image"), got.get(i), 1e-5f, IMAGES.get(i));
    }
  }

  @Test
  void anImageWithTextIsOneVectorAsNumPySays() {
    List<float[]> got = encoder.embed(images, List.of("blue logo", "Blue Logo", "blue logo"));
    for (int i = 0; i < IMAGES.size(); i++) {
      assertArrayEquals(golden(IMAGES.get(i), "image+blue logo"), got.get(i), 1e-5f, IMAGES.get(i));
    }
    // a composed query moves towards its words: "blue logo" adds dims 2 and 3
    float[] alone = encoder.embedImages(List.of(images.get(0))).get(0);
    float[] composed = got.get(0);
    assertTrue(composed[3] > alone[3], Arrays.toString(composed));
  }

  @Test
  void anExportThatStopsBeforePoolingIsPooledAtCls() {
    try (VisualizedBgeEncoder sequence =
        VisualizedBgeEncoder.open(
            "tiny-vbge-sequence",
            new VisualizedBgeEncoder.Files(
                TINY.resolve("multimodal-sequence.onnx"),
                TINY.resolve("tokenizer.json"),
                TINY.resolve("preprocessor_config.json")),
            1,
            64,
            2)) {
      List<float[]> got = sequence.embed(images, List.of("blue logo", "blue logo", "blue logo"));
      for (int i = 0; i < IMAGES.size(); i++) {
        assertArrayEquals(golden(IMAGES.get(i), "image+blue logo"), got.get(i), 1e-5f);
      }
    }
  }

  @Test
  void aBatchEqualsOneAtATime() {
    List<String> texts = Arrays.asList("red", null, "the same logo in green");
    List<float[]> batch = encoder.embed(images, texts);
    for (int i = 0; i < images.size(); i++) {
      float[] one = encoder.embed(List.of(images.get(i)), Arrays.asList(texts.get(i))).get(0);
      assertArrayEquals(one, batch.get(i), 1e-6f, "item " + i);
    }
  }

  @Test
  void aModelWithoutTheContractsInputsIsRefusedSayingWhatItHas() {
    ModelException e =
        assertThrows(
            ModelException.class,
            () ->
                VisualizedBgeEncoder.open(
                    "clip-vision",
                    new VisualizedBgeEncoder.Files(
                        Path.of("src/test/resources/clip/tiny-clip/vision_model.onnx"),
                        TINY.resolve("tokenizer.json"),
                        TINY.resolve("preprocessor_config.json")),
                    1,
                    64,
                    2));
    assertTrue(e.getMessage().contains("input_ids"), e.getMessage());
    assertTrue(e.getMessage().contains("pixel_values"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> encoder.embed(images, List.of("only one")));
  }

  @Test
  void theTextModelItPairsWithGivesTextAloneInTheSameSpace() {
    // visual_bge's text-only case is its BGE text model (encode_text): here the tiny BGE-M3-shaped
    // export generate.py writes beside the encoder, with the same token table
    try (TextEmbedder text =
        Embedders.open(TestModels.m3(DIR.resolve("tiny-bge-text").toAbsolutePath(), Map.of()))) {
      for (String t : List.of("red", "blue logo", "the same logo in green")) {
        float[] got = text.embedQueries(List.of(t), Set.of(EmbeddingPart.DENSE)).get(0).dense();
        JsonNode want = golden.get("texts").get(t);
        for (int i = 0; i < got.length; i++) {
          assertEquals(want.get(i).asDouble(), got[i], 1e-5, t + " dim " + i);
        }
      }
      // so a text finds the image of its colour by dot product: "blue logo" is nearest the
      // landscape (a blue-dominant picture) composed with "blue logo", then the picture alone
      float[] query =
          text.embedQueries(List.of("blue logo"), Set.of(EmbeddingPart.DENSE)).get(0).dense();
      float composed = dot(query, golden("landscape-300x200", "image+blue logo"));
      float alone = dot(query, golden("landscape-300x200", "image"));
      assertTrue(composed > alone && alone > 0.5f, composed + " vs " + alone);
    }
  }

  @Test
  void theConfigurationOpensEitherKind() {
    ImageModelConfig config =
        ConfigLoader.builder()
            .environment(Map.of())
            .override("image_model.name", "tiny-vbge")
            .override("image_model.kind", "visualized-bge")
            .override("image_model.directory", TINY.toString())
            .build()
            .load()
            .imageModel();
    try (ImageEncoder opened = ImageEncoder.open(config)) {
      assertEquals(ImageModelKind.VISUALIZED_BGE, opened.kind());
      assertEquals("tiny-vbge", opened.id());
      assertArrayEquals(
          golden("landscape-300x200", "image+blue logo"),
          opened.embedQuery(images.get(0), "blue logo"),
          1e-5f);
      assertArrayEquals(
          golden("landscape-300x200", "image"), opened.embedQuery(images.get(0), null), 1e-5f);
      IllegalArgumentException textAlone =
          assertThrows(IllegalArgumentException.class, () -> opened.embedQuery(null, "red"));
      assertTrue(textAlone.getMessage().contains("text model"), textAlone.getMessage());
    }
    ModelException wrongKind =
        assertThrows(
            ModelException.class,
            () ->
                ImageEncoder.open(
                    ConfigLoader.builder()
                        .environment(Map.of())
                        .override("image_model.name", "tiny-vbge")
                        .override("image_model.kind", "clip")
                        .override("image_model.directory", TINY.toString())
                        .build()
                        .load()
                        .imageModel()));
    assertTrue(wrongKind.getMessage().contains("vision_model.onnx"), wrongKind.getMessage());
  }

  private static float dot(float[] a, float[] b) {
    float s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
