package dev.ragserver.model.ocr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ragserver.config.RagConfig;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.GraphicsEnvironment;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The built-in PP-OCRv4 models read text the test renders itself. */
class OcrEngineTest {
  private static OcrEngine ocr;

  @BeforeAll
  static void open() {
    ocr = OcrEngine.open(RagConfig.defaults().ocr());
  }

  @AfterAll
  static void close() {
    ocr.close();
  }

  /** Lines of text drawn in black on white, one below the other. */
  static BufferedImage render(Font font, String... lines) {
    BufferedImage img = new BufferedImage(900, 90 + 70 * lines.length, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, img.getWidth(), img.getHeight());
    g.setColor(Color.BLACK);
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setFont(font);
    for (int i = 0; i < lines.length; i++) {
      g.drawString(lines[i], 40, 80 + 70 * i);
    }
    g.dispose();
    return img;
  }

  /** 1 − edit distance / length: the share of characters read right. */
  static double accuracy(String expected, String actual) {
    int[] prev = new int[actual.length() + 1];
    int[] cur = new int[actual.length() + 1];
    for (int j = 0; j <= actual.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= expected.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= actual.length(); j++) {
        int sub = prev[j - 1] + (expected.charAt(i - 1) == actual.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return 1.0 - (double) prev[actual.length()] / expected.length();
  }

  @Test
  void englishTextIsReadInReadingOrderWithHighCharacterAccuracy() {
    String[] lines = {"Invoice number 2026-117", "Total due: 42.50 EUR", "Pay within thirty days"};
    String text = ocr.text(render(new Font(Font.SANS_SERIF, Font.PLAIN, 36), lines));
    String expected = String.join("\n", lines);
    double acc = accuracy(expected.replace(" ", ""), text.replace(" ", ""));
    System.out.printf(
        Locale.ROOT, "OCR English character accuracy: %.3f (%s)%n", acc, text.replace("\n", " | "));
    assertTrue(acc >= 0.95, "accuracy " + acc + ": " + text);
    assertEquals(3, text.lines().count(), "one output line per text line, top to bottom: " + text);
    assertTrue(text.lines().findFirst().orElseThrow().startsWith("Invoice"), text);
  }

  @Test
  void chineseTextIsReadWithACjkFont() {
    String sample = "检索增强生成";
    String family =
        Arrays.stream(
                GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames())
            .filter(f -> new Font(f, Font.PLAIN, 36).canDisplayUpTo(sample) == -1)
            .filter(
                f ->
                    f.toLowerCase(Locale.ROOT).contains("wqy")
                        || f.toLowerCase(Locale.ROOT).contains("cjk")
                        || f.contains("WenQuanYi")
                        || f.toLowerCase(Locale.ROOT).contains("noto"))
            .findFirst()
            .orElse(null);
    if (family == null) {
      System.err.println(
          "OcrEngineTest: SKIPPED the Chinese OCR test: no CJK font is installed"
              + " (apt-get install fonts-wqy-zenhei; ./rag test installs it when it runs as root in CI)");
    }
    assumeTrue(family != null, "no CJK font installed (fonts-wqy-zenhei)");
    String[] lines = {"检索增强生成把文档交给模型", "混合检索与倒数排名融合"};
    String text = ocr.text(render(new Font(family, Font.PLAIN, 36), lines));
    double acc = accuracy(String.join("", lines), text.replace("\n", "").replace(" ", ""));
    System.out.printf(
        Locale.ROOT,
        "OCR Chinese character accuracy (%s): %.3f (%s)%n",
        family,
        acc,
        text.replace("\n", " | "));
    assertTrue(acc >= 0.9, "accuracy " + acc + ": " + text);
  }

  @Test
  void anImageWithoutTextYieldsNoText() {
    BufferedImage blank = new BufferedImage(400, 300, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = blank.createGraphics();
    g.setColor(new Color(40, 120, 200));
    g.fillRect(0, 0, 400, 300);
    g.setColor(Color.ORANGE);
    g.fillOval(100, 80, 200, 140);
    g.dispose();
    assertEquals(List.of(), ocr.read(blank));
    assertEquals("", ocr.text(blank));
  }

  @Test
  void boxesOnOneLineReadLeftToRightAndLinesTopToBottom() {
    TextBox leftTop = new TextBox(10, 10, 50, 20, 1f);
    TextBox rightTop = new TextBox(100, 12, 50, 20, 1f);
    TextBox below = new TextBox(5, 60, 80, 20, 1f);
    List<OcrLine> ordered =
        OcrEngine.readingOrder(
            List.of(
                new OcrLine("c", 1f, below),
                new OcrLine("b", 1f, rightTop),
                new OcrLine("a", 1f, leftTop)));
    assertEquals(List.of("a", "b", "c"), ordered.stream().map(OcrLine::text).toList());
  }
}
