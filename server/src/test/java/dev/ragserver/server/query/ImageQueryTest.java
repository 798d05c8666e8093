package dev.ragserver.server.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ragserver.server.http.TestServer;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cross-modal queries over HTTP with the tiny CLIP fixture of the model module (its embeddings
 * follow colours, so the right answers are known) and the built-in OCR.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImageQueryTest {
  private static final Path TINY_CLIP =
      Path.of("../model/src/test/resources/clip/tiny-clip").toAbsolutePath();
  @TempDir static Path dir;
  private TestServer s;

  static byte[] png(BufferedImage img) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static BufferedImage colour(Color c) {
    BufferedImage img = new BufferedImage(300, 200, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(c);
    g.fillRect(0, 0, 300, 200);
    g.dispose();
    return img;
  }

  static BufferedImage sign(String... lines) {
    BufferedImage img = new BufferedImage(700, 80 + 60 * lines.length, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, img.getWidth(), img.getHeight());
    g.setColor(Color.BLACK);
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 34));
    for (int i = 0; i < lines.length; i++) {
      g.drawString(lines[i], 30, 70 + 60 * i);
    }
    g.dispose();
    return img;
  }

  @BeforeAll
  void start() {
    s =
        new TestServer(
            dir,
            Map.of("image_model.name", "tiny-clip", "image_model.directory", TINY_CLIP.toString()));
    assertEquals(201, s.put("/v1/collections/pics", "{}").status());
    TestServer.Response up =
        s.upload(
            "/v1/collections/pics/documents",
            List.of(
                Map.entry("crimson.png", png(colour(new Color(200, 20, 20)))),
                Map.entry("forest.png", png(colour(new Color(20, 160, 40)))),
                Map.entry("ocean.png", png(colour(new Color(20, 40, 200)))),
                Map.entry("notice.png", png(sign("Opening hours", "nine to five daily")))));
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

  static List<String> legs(JsonNode result) {
    List<String> out = new ArrayList<>();
    result.get("legs").forEach(l -> out.add(l.asText()));
    return out;
  }

  @Test
  void theCollectionRecordsItsImageModel() {
    JsonNode c = s.get("/v1/collections/pics").json();
    assertEquals("tiny-clip", c.at("/image_model/id").asText());
    assertEquals(4, c.at("/image_model/dimension").asInt());
  }

  @Test
  void aTextFindsTheImageThroughTheImageLeg() {
    JsonNode r =
        query("{\"query\": \"green\", \"legs\": [\"image\"], \"top_k\": 1, \"explain\": true}");
    assertEquals("forest.png", r.at("/hits/0/document_id").asText());
    assertEquals("image", r.at("/hits/0/modality").asText());
    assertTrue(r.at("/hits/0/image_url").asText().startsWith("/v1/collections/pics/images/"));
    assertEquals(300, r.at("/hits/0/metadata/image_width").asInt());
    assertTrue(
        legs(query("{\"query\": \"green\"}")).contains("image"), "by default every leg runs");
  }

  @Test
  void anImageFindsTheImageLikeIt() {
    String b64 = Base64.getEncoder().encodeToString(png(colour(new Color(40, 60, 230))));
    JsonNode r = query("{\"image\": \"" + b64 + "\", \"legs\": [\"image\"], \"top_k\": 1}");
    assertEquals("ocean.png", r.at("/hits/0/document_id").asText());
  }

  @Test
  void anImageCanBeUploadedAsAMultipartQuery() {
    String boundary = "----rag-query";
    java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
    body.writeBytes(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"request\"\r\n\r\n"
                + "{\"legs\": [\"image\"], \"top_k\": 1}\r\n--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"q.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    body.writeBytes(png(colour(new Color(30, 180, 30))));
    body.writeBytes(
        ("\r\n--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    TestServer.Response r =
        s.send(
            s.request("/v1/collections/pics/query")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    assertEquals(200, r.status(), r.text());
    assertEquals("forest.png", r.json().at("/hits/0/document_id").asText());
  }

  @Test
  void anImageOfTextFindsTheTextThroughOcr() {
    String b64 = Base64.getEncoder().encodeToString(png(sign("opening hours")));
    JsonNode r = query("{\"image\": \"" + b64 + "\", \"legs\": [\"bm25\"], \"top_k\": 1}");
    assertEquals("notice.png", r.at("/hits/0/document_id").asText());
    assertTrue(
        r.at("/hits/0/text").asText().contains("Opening hours"),
        "the image chunk carries its OCR text");
  }

  @Test
  void textPlusImageCombinesBoth() {
    String red = Base64.getEncoder().encodeToString(png(colour(new Color(220, 30, 30))));
    JsonNode r =
        query(
            "{\"query\": \"red\", \"image\": \""
                + red
                + "\", \"legs\": [\"image\"], \"top_k\": 1}");
    assertEquals("crimson.png", r.at("/hits/0/document_id").asText());
  }

  @Test
  void aBadQueryImageIsAClearError() {
    TestServer.Response r =
        s.post("/v1/collections/pics/query", "{\"image\": \"bm90IGFuIGltYWdl\"}");
    assertEquals(400, r.status());
    assertEquals("image", r.json().get("field").asText());
    assertTrue(
        r.json().get("detail").asText().contains("not a PNG, JPEG, GIF, BMP or WebP image"),
        r.text());
    assertFalse(s.post("/v1/collections/pics/query", "{\"image\": \"%%%\"}").status() == 200);
  }
}
