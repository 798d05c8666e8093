package dev.ragserver.server.query;

import static dev.ragserver.server.query.ImageQueryTest.colour;
import static dev.ragserver.server.query.ImageQueryTest.legs;
import static dev.ragserver.server.query.ImageQueryTest.png;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ragserver.server.http.TestServer;
import java.awt.Color;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Visualized BGE over HTTP: the tiny fixture of the model module (vbge/generate.py) and the BGE
 * text model it pairs with, in one 4-dimensional space whose answers are known from the weights (a
 * picture points along its dominant colour, a colour word along the same axis). Images sit in the
 * dense field beside the text chunks, so the dense leg ranks both.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VisualizedBgeQueryTest {
  private static final Path VBGE = Path.of("../model/src/test/resources/vbge").toAbsolutePath();
  private static final Path TINY_CLIP =
      Path.of("../model/src/test/resources/clip/tiny-clip").toAbsolutePath();
  // pale colours: their image part is small enough for a word to move a composed query
  private static final Color PALE_RED = new Color(230, 180, 180);
  private static final Color PALE_BLUE = new Color(180, 180, 230);
  private static final Color PALE_PURPLE = new Color(230, 180, 230);
  @TempDir static Path dir;
  private TestServer s;

  /** A server on the tiny BGE text model with the tiny Visualized BGE model paired with it. */
  static Map<String, String> visualizedBge() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("model.name", "bge-m3");
    settings.put("model.directory", VBGE.resolve("tiny-bge-text").toString());
    settings.put("image_model.name", "tiny-vbge");
    settings.put("image_model.kind", "visualized-bge");
    settings.put("image_model.directory", VBGE.resolve("tiny-vbge").toString());
    return settings;
  }

  @BeforeAll
  void start() {
    s = new TestServer(dir.resolve("vbge"), visualizedBge());
    assertEquals(201, s.put("/v1/collections/pics", "{}").status());
    TestServer.Response up =
        s.upload(
            "/v1/collections/pics/documents",
            List.of(
                Map.entry("rose.png", png(colour(PALE_RED))),
                Map.entry("sky.png", png(colour(PALE_BLUE))),
                Map.entry("lilac.png", png(colour(PALE_PURPLE))),
                Map.entry("notes.txt", "the same logo".getBytes(StandardCharsets.UTF_8))));
    assertEquals("succeeded", up.json().get("state").asText(), up.text());
  }

  @AfterAll
  void stop() {
    s.close();
  }

  private JsonNode query(String body) {
    TestServer.Response r = s.post("/v1/collections/pics/query", body);
    assertEquals(200, r.status(), r.text());
    return r.json();
  }

  private static String b64(Color c) {
    return Base64.getEncoder().encodeToString(png(colour(c)));
  }

  @Test
  void theCollectionRecordsTheModelItsKindAndItsTextModel() {
    JsonNode c = s.get("/v1/collections/pics").json();
    assertEquals("tiny-vbge", c.at("/image_model/id").asText());
    assertEquals("visualized-bge", c.at("/image_model/kind").asText());
    assertEquals(4, c.at("/image_model/dimension").asInt());
    assertEquals("bge-m3", c.at("/model/id").asText());
  }

  @Test
  void aTextFindsTheImageThroughTheDenseLeg() {
    JsonNode r = query("{\"query\": \"blue\", \"legs\": [\"dense\"], \"top_k\": 1}");
    assertEquals("sky.png", r.at("/hits/0/document_id").asText());
    assertEquals("image", r.at("/hits/0/modality").asText());
    // and no image leg: the images are in the dense field
    JsonNode all = query("{\"query\": \"blue\"}");
    assertTrue(legs(all).contains("dense") && !legs(all).contains("image"), legs(all).toString());
    // text chunks rank in the same list
    JsonNode logo = query("{\"query\": \"logo\", \"legs\": [\"dense\"], \"top_k\": 1}");
    assertEquals("notes.txt", logo.at("/hits/0/document_id").asText());
  }

  @Test
  void anImageWithTextRanksTheImageThatHasBothFirst() {
    // a pale red picture with the word "blue" is one vector nearest the purple picture, which
    // neither the picture alone (the red one) nor the word alone (the blue one) ranks first
    JsonNode both =
        query(
            "{\"query\": \"blue\", \"image\": \""
                + b64(PALE_RED)
                + "\", \"legs\": [\"dense\"], \"top_k\": 3}");
    assertEquals("lilac.png", both.at("/hits/0/document_id").asText(), both.toString());
    JsonNode image = query("{\"image\": \"" + b64(PALE_RED) + "\", \"top_k\": 1}");
    assertEquals("rose.png", image.at("/hits/0/document_id").asText());
    assertEquals(List.of("dense"), legs(image), "an image without text is the dense leg alone");
    JsonNode text = query("{\"query\": \"blue\", \"legs\": [\"dense\"], \"top_k\": 1}");
    assertEquals("sky.png", text.at("/hits/0/document_id").asText());
  }

  @Test
  void theImageLegSaysWhereTheImagesAre() {
    TestServer.Response r =
        s.post("/v1/collections/pics/query", "{\"query\": \"blue\", \"legs\": [\"image\"]}");
    assertEquals(400, r.status(), r.text());
    assertTrue(r.text().contains("dense leg"), r.text());
  }

  @Test
  void textChunksScoreAsInACollectionWithoutTheImageModel() {
    assertEquals(
        201, s.put("/v1/collections/plain", "{\"image_model\": \"\"}").status(), "created");
    assertEquals(
        200,
        s.post(
                "/v1/collections/plain/documents",
                "{\"documents\": [{\"id\": \"notes.txt\", \"text\": \"the same logo\"}]}")
            .status());
    String q = "{\"query\": \"the same logo\", \"legs\": [\"dense\"], \"top_k\": 1}";
    JsonNode plain = s.post("/v1/collections/plain/query", q).json();
    JsonNode pics = query(q);
    assertEquals("notes.txt", pics.at("/hits/0/document_id").asText());
    assertEquals(
        plain.at("/hits/0/score").asDouble(), pics.at("/hits/0/score").asDouble(), 1e-6, q);
  }

  @Test
  void onlyCollectionsOfItsTextModelRecordIt() {
    TestServer.Response other =
        s.put("/v1/collections/english", "{\"model\": \"bge-small-en-v1.5\"}");
    assertEquals(201, other.status(), other.text());
    assertTrue(other.json().get("image_model").isNull(), other.text());
    TestServer.Response asked =
        s.put(
            "/v1/collections/english2",
            "{\"model\": \"bge-small-en-v1.5\", \"image_model\": \"tiny-vbge\"}");
    assertEquals(400, asked.status(), asked.text());
    assertTrue(
        asked.text().contains("bge-m3") && asked.text().contains("bge-small-en-v1.5"),
        asked.text());
  }

  @Test
  void aTextModelOfAnotherDimensionCannotBeItsPair(@TempDir Path data) {
    Map<String, String> settings = new LinkedHashMap<>(visualizedBge());
    settings.put("image_model.text_model", "bge-small-en-v1.5"); // 384 dims, the fixture has 4
    try (TestServer server = new TestServer(data, settings)) {
      TestServer.Response r = server.put("/v1/collections/x", "{\"model\": \"bge-small-en-v1.5\"}");
      assertEquals(400, r.status(), r.text());
      assertTrue(r.text().contains("384") && r.text().contains("text_model"), r.text());
      assertEquals(404, server.get("/v1/collections/x").status(), "nothing was created");
    }
  }

  @Test
  void aCollectionBuiltWithAClipModelRefusesAVisualizedBgeQueryAndSaysWhy(@TempDir Path data) {
    Map<String, String> clip = new LinkedHashMap<>(visualizedBge());
    clip.put("image_model.name", "tiny-clip");
    clip.put("image_model.kind", "clip");
    clip.put("image_model.directory", TINY_CLIP.toString());
    try (TestServer before = new TestServer(data, clip)) {
      assertEquals(201, before.put("/v1/collections/old", "{}").status());
      TestServer.Response up =
          before.upload(
              "/v1/collections/old/documents",
              List.of(Map.entry("rose.png", png(colour(PALE_RED)))));
      assertEquals("succeeded", up.json().get("state").asText(), up.text());
    }
    try (TestServer after = new TestServer(data, visualizedBge())) {
      TestServer.Response r =
          after.post("/v1/collections/old/query", "{\"image\": \"" + b64(PALE_RED) + "\"}");
      assertEquals(400, r.status(), r.text());
      String why = r.json().get("detail").asText();
      assertTrue(
          why.contains("CLIP-style image model tiny-clip")
              && why.contains("Visualized BGE model tiny-vbge"),
          why);
      // text queries still run, and a new image is refused rather than indexed without its vector
      assertEquals(200, after.post("/v1/collections/old/query", "{\"query\": \"rose\"}").status());
      TestServer.Response up =
          after.upload(
              "/v1/collections/old/documents",
              List.of(Map.entry("sky.png", png(colour(PALE_BLUE)))));
      assertNotEquals("succeeded", up.json().get("state").asText(), up.text());
      assertTrue(up.text().contains("tiny-clip"), up.text());
    }
  }
}
