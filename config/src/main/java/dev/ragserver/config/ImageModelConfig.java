package dev.ragserver.config;

/**
 * The image model: a CLIP-style dual encoder that puts images and texts in a vector space of its
 * own (text → image, image → image, text + image queries through a separate image leg), or
 * Visualized BGE, which encodes an image, or an image with text, into the dense space of its BGE
 * text model (the dense leg then ranks text and images together). Its weights cannot be downloaded
 * here: it is loaded from a folder the user supplies (e.g. an ONNX export of clip-vit-base-patch32,
 * or scripts/export-visualized-bge.py's).
 *
 * @param name an id for the model ("" = no image model: images are found by their OCR text and
 *     captions only)
 * @param kind {@code clip} or {@code visualized-bge}
 * @param directory folder with the files below
 * @param visionFile CLIP: image encoder, pixel_values [B,3,H,W] → image embeddings [B,D]
 * @param textFile CLIP: text encoder, input_ids (and attention_mask) [B,T] → text embeddings [B,D]
 * @param modelFile Visualized BGE: pixel_values [B,3,224,224], input_ids and attention_mask [B,T] →
 *     embedding [B,H] (or last_hidden_state [B,S,H], pooled at [CLS])
 * @param textModel Visualized BGE: the served text model it was trained with, whose dense space it
 *     shares ("" = {@code model.name}); only collections of that text model record it
 * @param tokenizerFile the text encoder's tokenizer.json (Visualized BGE: its BGE model's)
 * @param preprocessorFile preprocessor_config.json (resize, crop, rescale, normalise)
 * @param maxTokens most tokens of a text (CLIP: 77)
 * @param batchSize images or texts per ONNX Runtime call
 * @param textWeight CLIP: weight of the text in a text + image query (Visualized BGE composes the
 *     two in the model)
 * @param imageWeight CLIP: weight of the image in a text + image query
 * @param threads ONNX Runtime threads per encoder; 0 = one per core
 */
public record ImageModelConfig(
    String name,
    ImageModelKind kind,
    String directory,
    String visionFile,
    String textFile,
    String modelFile,
    String textModel,
    String tokenizerFile,
    String preprocessorFile,
    int maxTokens,
    int batchSize,
    double textWeight,
    double imageWeight,
    int threads) {
  public ImageModelConfig {
    Checks.notNull("image_model.name", name);
    Checks.notNull("image_model.kind", kind);
    Checks.notNull("image_model.directory", directory);
    if (!name.isEmpty() && directory.isBlank()) {
      throw new IllegalArgumentException(
          "image_model.directory must name the folder of image model "
              + name
              + " (its weights are not built in), got: \"\"");
    }
    Checks.notBlank("image_model.vision_file", visionFile);
    Checks.notBlank("image_model.text_file", textFile);
    Checks.notBlank("image_model.model_file", modelFile);
    Checks.notNull("image_model.text_model", textModel);
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

  /**
   * The text model whose dense space a Visualized BGE model shares: {@code text_model}, or the
   * default model when that is empty.
   */
  public String pairedTextModel(String defaultModel) {
    return textModel.isEmpty() ? defaultModel : textModel;
  }

  /** Whether an image model is configured. */
  public boolean enabled() {
    return !name.isEmpty();
  }
}
