package dev.ragserver.model.image;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.ragserver.config.ImageModelConfig;
import dev.ragserver.config.ImageModelKind;
import dev.ragserver.model.ModelException;
import dev.ragserver.model.onnx.LoadedSession;
import dev.ragserver.model.onnx.OnnxSessions;
import dev.ragserver.model.onnx.TensorSpec;
import dev.ragserver.model.tokenizer.TextTokenizer;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A CLIP-style dual encoder: images through the vision model, texts through the text model, both
 * L2-normalised into one space (the exports' projections are not normalised). Input and output
 * names are read from the sessions: the vision model's one float input of rank 4, the text model's
 * {@code input_ids} (and {@code attention_mask} when it has one); the output is the one named like
 * {@code *embeds} (else the only rank-2 float output). Thread-safe.
 */
public final class ClipEncoder implements ImageEncoder {
  private final String id;
  private final LoadedSession vision;
  private final LoadedSession text;
  private final TextTokenizer tokenizer;
  private final ImagePreprocessor preprocessor;
  private final String pixelInput;
  private final String visionOutput;
  private final String textOutput;
  private final boolean attentionMask;
  private final int batchSize;
  private final double textWeight;
  private final double imageWeight;
  private final int dimension;

  private ClipEncoder(
      String id,
      LoadedSession vision,
      LoadedSession text,
      TextTokenizer tokenizer,
      ImagePreprocessor preprocessor,
      ImageModelConfig config) {
    this.id = id;
    this.vision = vision;
    this.text = text;
    this.tokenizer = tokenizer;
    this.preprocessor = preprocessor;
    this.batchSize = config.batchSize();
    this.textWeight = config.textWeight();
    this.imageWeight = config.imageWeight();
    this.pixelInput = pixelInput(vision);
    this.visionOutput = embeddingOutput(vision, "image_model.vision_file");
    this.textOutput = embeddingOutput(text, "image_model.text_file");
    if (!text.signature().inputs().containsKey("input_ids")) {
      throw new ModelException(
          text.source()
              + " is not a CLIP text model: it has no input_ids input; "
              + text.signature().describe());
    }
    text.signature().requireOnlyInputs(List.of("input_ids", "attention_mask"));
    this.attentionMask = text.signature().inputs().containsKey("attention_mask");
    int imageDim =
        embedImages(List.of(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB))).get(0).length;
    int textDim = embedTexts(List.of("a")).get(0).length;
    if (imageDim != textDim) {
      throw new ModelException(
          "image model "
              + id
              + " is not a dual encoder: its image embeddings have "
              + imageDim
              + " dimensions and its text embeddings "
              + textDim);
    }
    this.dimension = imageDim;
  }

  /** Loads the configured image model; fails naming what the files really hold. */
  public static ClipEncoder open(ImageModelConfig config) {
    if (!config.enabled()) {
      throw new IllegalArgumentException("image_model.name is empty: no image model is configured");
    }
    Path dir = Path.of(config.directory());
    OnnxSessions.Settings settings = OnnxSessions.Settings.cpu(config.threads(), true);
    LoadedSession vision = null;
    LoadedSession text = null;
    TextTokenizer tokenizer = null;
    try {
      vision =
          OnnxSessions.open(file(dir, config.visionFile(), "image_model.vision_file"), settings);
      text = OnnxSessions.open(file(dir, config.textFile(), "image_model.text_file"), settings);
      Path tok = file(dir, config.tokenizerFile(), "image_model.tokenizer_file");
      tokenizer =
          TextTokenizer.fromJson(Files.readAllBytes(tok), tok.toString(), config.maxTokens());
      Path pre = file(dir, config.preprocessorFile(), "image_model.preprocessor_file");
      ImagePreprocessor preprocessor =
          ImagePreprocessor.fromJson(Files.readAllBytes(pre), pre.toString());
      return new ClipEncoder(config.name(), vision, text, tokenizer, preprocessor, config);
    } catch (IOException | RuntimeException e) {
      if (vision != null) {
        vision.close();
      }
      if (text != null) {
        text.close();
      }
      if (tokenizer != null) {
        tokenizer.close();
      }
      if (e instanceof ModelException me) {
        throw me;
      }
      throw new ModelException(
          "cannot load image model " + config.name() + " from " + dir + ": " + e.getMessage(), e);
    }
  }

  private static Path file(Path dir, String name, String key) {
    Path p = dir.resolve(name);
    if (!Files.isRegularFile(p)) {
      throw new ModelException(
          "image model file not found: " + p + " (image_model.directory + " + key + ")");
    }
    return p;
  }

  private static String pixelInput(LoadedSession s) {
    if (s.signature().inputs().size() != 1) {
      throw new ModelException(
          s.source()
              + " is not a CLIP vision model: it should take one pixel input; "
              + s.signature().describe());
    }
    String name = s.signature().inputs().keySet().iterator().next();
    s.signature().requireInput(name, "FLOAT", 4, "image_model.vision_file");
    return name;
  }

  private static String embeddingOutput(LoadedSession s, String key) {
    List<String> rank2 = new ArrayList<>();
    for (Map.Entry<String, TensorSpec> e : s.signature().outputs().entrySet()) {
      if (e.getKey().endsWith("embeds") || e.getKey().endsWith("embeddings")) {
        return e.getKey();
      }
      if (e.getValue().rank() == 2) {
        rank2.add(e.getKey());
      }
    }
    if (rank2.size() == 1) {
      return rank2.get(0);
    }
    throw new ModelException(
        s.source()
            + " ("
            + key
            + ") has no embedding output: expected one named *embeds or a"
            + " single [batch, dim] output; "
            + s.signature().describe());
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public ImageModelKind kind() {
    return ImageModelKind.CLIP;
  }

  /** Dimensions of the shared space. */
  @Override
  public int dimension() {
    return dimension;
  }

  /** The image alone: a caption is the text legs' to find (CLIP's space is its own). */
  @Override
  public List<float[]> embedChunkImages(List<BufferedImage> images, List<String> captions) {
    return embedImages(images);
  }

  /**
   * The text's vector in the image space, the image's, or for both their normalised weighted sum
   * ({@code image_model.text_weight}, {@code image_weight}).
   */
  @Override
  public float[] embedQuery(BufferedImage image, String text) {
    boolean hasText = text != null && !text.isBlank();
    if (image == null && !hasText) {
      throw new IllegalArgumentException("a query needs an image or a text, got neither");
    }
    if (image == null) {
      return embedTexts(List.of(text)).get(0);
    }
    float[] picture = embedImages(List.of(image)).get(0);
    return hasText
        ? joint(embedTexts(List.of(text)).get(0), picture, textWeight, imageWeight)
        : picture;
  }

  /** Unit vectors of images, in order. */
  @Override
  public List<float[]> embedImages(List<BufferedImage> images) {
    List<float[]> out = new ArrayList<>(images.size());
    for (int from = 0; from < images.size(); from += batchSize) {
      List<BufferedImage> batch = images.subList(from, Math.min(images.size(), from + batchSize));
      try (OnnxTensor t =
              OnnxTensor.createTensor(
                  OnnxSessions.environment(),
                  FloatBuffer.wrap(preprocessor.pixels(batch)),
                  preprocessor.shape(batch.size()));
          OrtSession.Result r = vision.session().run(Map.of(pixelInput, t))) {
        out.addAll(rows((OnnxTensor) r.get(visionOutput).orElseThrow(), batch.size()));
      } catch (OrtException e) {
        throw new ModelException("image embedding failed: " + e.getMessage(), e);
      }
    }
    return out;
  }

  /** Unit vectors of texts in the image space, in order. */
  public List<float[]> embedTexts(List<String> texts) {
    List<float[]> out = new ArrayList<>(texts.size());
    for (int from = 0; from < texts.size(); from += batchSize) {
      List<String> batch = texts.subList(from, Math.min(texts.size(), from + batchSize));
      for (int i = 0; i < batch.size(); i++) {
        if (batch.get(i) == null || batch.get(i).isBlank()) {
          throw new IllegalArgumentException("text " + (from + i) + " is blank");
        }
      }
      PaddedTokens tokens = PaddedTokens.of(tokenizer.tokenize(batch), tokenizer.padId());
      Map<String, OnnxTensor> feed = new HashMap<>();
      try {
        long[] shape = tokens.shape();
        feed.put(
            "input_ids",
            OnnxTensor.createTensor(
                OnnxSessions.environment(), LongBuffer.wrap(tokens.ids()), shape));
        if (attentionMask) {
          feed.put(
              "attention_mask",
              OnnxTensor.createTensor(
                  OnnxSessions.environment(), LongBuffer.wrap(tokens.mask()), shape));
        }
        try (OrtSession.Result r = text.session().run(feed)) {
          out.addAll(rows((OnnxTensor) r.get(textOutput).orElseThrow(), batch.size()));
        }
      } catch (OrtException e) {
        throw new ModelException("text embedding in the image space failed: " + e.getMessage(), e);
      } finally {
        feed.values().forEach(OnnxTensor::close);
      }
    }
    return out;
  }

  private static List<float[]> rows(OnnxTensor t, int n) {
    FloatBuffer fb = t.getFloatBuffer();
    int dim = fb.remaining() / n;
    List<float[]> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      float[] v = new float[dim];
      fb.get(v);
      out.add(unit(v));
    }
    return out;
  }

  /** The normalised weighted sum of a text and an image embedding (a text + image query). */
  public static float[] joint(float[] text, float[] image, double textWeight, double imageWeight) {
    if (text.length != image.length) {
      throw new IllegalArgumentException(
          "text and image embeddings must have the same dimensions, got: "
              + text.length
              + " and "
              + image.length);
    }
    float[] out = new float[text.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) (textWeight * text[i] + imageWeight * image[i]);
    }
    return unit(out);
  }

  static float[] unit(float[] v) {
    double sum = 0;
    for (float x : v) {
      sum += x * x;
    }
    double norm = Math.sqrt(sum);
    if (norm > 0) {
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) (v[i] / norm);
      }
    }
    return v;
  }

  @Override
  public void close() {
    vision.close();
    text.close();
    tokenizer.close();
  }
}
