package dev.ragserver.tools.cli;

import dev.ragserver.config.RagConfig;
import dev.ragserver.model.image.ImageEncoder;
import dev.ragserver.model.ocr.OcrEngine;
import dev.ragserver.server.cli.ConfigOptions;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./rag bench images}: OCR and image-embedding throughput on generated images. */
@Command(
    name = "images",
    mixinStandardHelpOptions = true,
    description = {
      "Generate N images (a few lines of text on white, 900x300, like slides and scans) and time OCR",
      "on them, and the configured image model's embedding when one is set (image_model.*)."
    })
final class BenchImagesCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;
  @Spec CommandSpec spec;

  @Option(
      names = "--images",
      defaultValue = "40",
      description = "Images (default: ${DEFAULT-VALUE}).")
  int count;

  private static final String[] WORDS = {
    "invoice",
    "total",
    "revenue",
    "quarter",
    "warranty",
    "months",
    "harbour",
    "lighthouse",
    "beam",
    "tide",
    "report",
    "2026",
    "42.50",
    "EUR",
    "section",
    "figure"
  };

  static BufferedImage slide(Random r) {
    BufferedImage img = new BufferedImage(900, 300, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, 900, 300);
    g.setColor(Color.BLACK);
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 30));
    for (int line = 0; line < 3; line++) {
      StringBuilder sb = new StringBuilder();
      for (int w = 0; w < 5; w++) {
        sb.append(WORDS[r.nextInt(WORDS.length)]).append(' ');
      }
      g.drawString(sb.toString().strip(), 30, 70 + 80 * line);
    }
    g.dispose();
    return img;
  }

  @Override
  public Integer call() {
    RagConfig cfg = config.load();
    PrintWriter out = spec.commandLine().getOut();
    Random r = new Random(11);
    List<BufferedImage> images = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      images.add(slide(r));
    }
    double ocrRate;
    long chars = 0;
    try (OcrEngine ocr = OcrEngine.open(cfg.ocr())) {
      ocr.text(images.get(0));
      long t0 = System.nanoTime();
      for (BufferedImage img : images) {
        chars += ocr.text(img).length();
      }
      ocrRate = count / ((System.nanoTime() - t0) / 1e9);
    }
    out.printf(
        Locale.ROOT,
        "OCR (%s, %s): %.2f images/s, %d characters read%n",
        cfg.ocr().detFile(),
        cfg.ocr().recFile(),
        ocrRate,
        chars);
    String embedRate = "no image model configured (image_model.name)";
    if (cfg.imageModel().enabled()) {
      try (ImageEncoder encoder = ImageEncoder.open(cfg.imageModel())) {
        encoder.embedImages(images.subList(0, 1));
        long t0 = System.nanoTime();
        encoder.embedImages(images);
        embedRate =
            String.format(
                Locale.ROOT,
                "%.2f images/s (%s, %s)",
                count / ((System.nanoTime() - t0) / 1e9),
                encoder.id(),
                encoder.kind().id());
      }
    }
    out.println("image embedding: " + embedRate);
    out.printf(
        Locale.ROOT,
        "%n| date | machine | images | OCR images/s | image embedding |%n|---|---|---|---|---|%n");
    out.printf(
        Locale.ROOT,
        "| %s | %s | %d | %.2f | %s |%n",
        LocalDate.now(ZoneOffset.UTC),
        BenchPaths.machine(),
        count,
        ocrRate,
        embedRate);
    return 0;
  }
}
