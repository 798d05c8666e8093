package dev.ragserver.config;

/**
 * A CLIP-style dual encoder that puts images and texts in one vector space (text → image, image →
 * image, text + image queries). Its weights cannot be downloaded here: it is loaded from a folder
 * the user supplies (e.g. an ONNX export of clip-vit-base-patch32).
 *
 * @param name an id for the model ("" = no image model: images are found by their OCR text and
 *     captions only)
 * @param directory folder with the files below
 * @param visionFile image encoder: pixel_values [B,3,H,W] → image embeddings [B,D]
 * @param textFile text encoder: input_ids (and attention_mask) [B,T] → text embeddings [B,D]
 * @param tokenizerFile the text encoder's tokenizer.json
 * @param preprocessorFile preprocessor_config.json (resize, crop, rescale, normalise)
 * @param maxTokens most tokens of a text (CLIP: 77)
 * @param batchSize images or texts per ONNX Runtime call
 * @param textWeight weight of the text in a text + image query
 * @param imageWeight weight of the image in a text + image query
 * @param threads ONNX Runtime threads per encoder; 0 = one per core
 */
public record ImageModelConfig(
    String name,
    String directory,
    String visionFile,
    String textFile,
    String tokenizerFile,
    String preprocessorFile,
    int maxTokens,
    int batchSize,
    double textWeight,
    double imageWeight,
    int threads) {
  public ImageModelConfig {
    Checks.notNull("image_model.name", name);
    Checks.notNull("image_model.directory", directory);
    if (!name.isEmpty() && directory.isBlank()) {
      throw new IllegalArgumentException(
          "image_model.directory must name the folder of image model "
              + name
              + " (its weights are not built in), got: \"\"");
    }
    Checks.notBlank("image_model.vision_file", visionFile);
    Checks.notBlank("image_model.text_file", textFile);
    Checks.notBlank("image_model.tokenizer_file", tokenizerFile);
    Checks.notBlank("image_model.preprocessor_file", preprocessorFile);
    Checks.range("image_model.max_tokens", maxTokens, 2, 4096);
    Checks.range("image_model.batch_size", batchSize, 1, 1024);
    if (!(textWeight >= 0) || !(imageWeight >= 0) || textWeight + imageWeight == 0) {
      throw new IllegalArgumentException(
          "image_model.text_weight and image_weight must be >= 0 and not both 0, got: "
              + textWeight
              + " and "
              + imageWeight);
    }
    Checks.range("image_model.threads", threads, 0, 1024);
  }

  /** Whether an image model is configured. */
  public boolean enabled() {
    return !name.isEmpty();
  }
}
