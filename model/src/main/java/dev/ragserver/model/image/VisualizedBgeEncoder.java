package dev.ragserver.model.image;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.ragserver.config.ImageModelConfig;
import dev.ragserver.config.ImageModelKind;
import dev.ragserver.model.ModelException;
import dev.ragserver.model.onnx.LoadedSession;
import dev.ragserver.model.onnx.OnnxSessions;
import dev.ragserver.model.tokenizer.TextTokenizer;
import dev.ragserver.model.tokenizer.TokenizedText;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Visualized BGE's multimodal encoder (FlagEmbedding's {@code visual_bge}): an image, or an image
 * with text, into the dense space of the BGE text model it was trained with. The ONNX export
 * ({@code scripts/export-visualized-bge.py}) takes {@code pixel_values} [B,3,224,224] (float,
 * EVA-CLIP's preprocessing), {@code input_ids} and {@code attention_mask} [B,T] (int64, the BGE
 * tokenizer's {@code [CLS] text [SEP]}) and gives {@code embedding} [B,H] (the [CLS] state) or
 * {@code last_hidden_state} [B,S,H] (pooled here at position 0); vectors are L2-normalised here. An
 * image alone is the image with the empty text ({@code [CLS] [SEP]}), as {@code encode_image} does.
 * Text alone is the BGE text model itself, not this encoder. Thread-safe.
 */
public final class VisualizedBgeEncoder implements ImageEncoder {
  /** The inputs the export contract names. */
  static final List<String> INPUTS = List.of("pixel_values", "input_ids", "attention_mask");

  /**
   * Where an export's files are.
   *
   * @param model the ONNX graph
   * @param tokenizer the BGE model's {@code tokenizer.json}
   * @param preprocessor {@code preprocessor_config.json} (EVA-CLIP: 224, bicubic, CLIP mean/std)
   */
  public record Files(Path model, Path tokenizer, Path preprocessor) {}

  private final String id;
  private final LoadedSession session;
  private final TextTokenizer tokenizer;
  private final ImagePreprocessor preprocessor;
  private final String output;
  private final boolean pooled;
  private final int batchSize;
  private final int dimension;

  private VisualizedBgeEncoder(
      String id,
      LoadedSession session,
      TextTokenizer tokenizer,
      ImagePreprocessor preprocessor,
      int batchSize) {
    this.id = id;
    this.session = session;
    this.tokenizer = tokenizer;
    this.preprocessor = preprocessor;
    this.batchSize = batchSize;
    var s = session.signature();
    s.requireOnlyInputs(INPUTS);
    s.requireInput("pixel_values", "FLOAT", 4, "the model's pixel_values input");
    s.requireInput("input_ids", "INT64", 2, "the model's input_ids input");
    s.requireInput("attention_mask", "INT64", 2, "the model's attention_mask input");
    if (s.outputs().containsKey("embedding")) {
      s.requireOutput("embedding", "FLOAT", "the model's embedding output", 2);
      this.output = "embedding";
      this.pooled = true;
    } else if (s.outputs().containsKey("last_hidden_state")) {
      s.requireOutput("last_hidden_state", "FLOAT", "the model's last_hidden_state output", 3);
      this.output = "last_hidden_state";
      this.pooled = false;
    } else {
      throw new ModelException(
          session.source()
              + " is not a Visualized BGE export: it has neither an embedding [batch, dim] nor a"
              + " last_hidden_state [batch, sequence, dim] output; "
              + s.describe());
    }
    this.dimension =
        embed(List.of(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB)), null).get(0).length;
  }

  /**
   * Loads the configured export ({@code image_model.model_file}, {@code tokenizer_file} and {@code
   * preprocessor_file} in {@code image_model.directory}); fails naming what the files hold.
   */
  public static VisualizedBgeEncoder open(ImageModelConfig config) {
    if (!config.enabled()) {
      throw new IllegalArgumentException("image_model.name is empty: no image model is configured");
    }
    Path dir = Path.of(config.directory());
    return open(
        config.name(),
        new Files(
            dir.resolve(config.modelFile()),
            dir.resolve(config.tokenizerFile()),
            dir.resolve(config.preprocessorFile())),
        config.threads(),
        config.maxTokens(),
        config.batchSize());
  }

  /**
   * Loads an export; fails naming what the files really hold.
   *
   * @param id the model's id, as manifests record it
   * @param threads ONNX Runtime intra-op threads (0 = its default)
   * @param maxTokens the longest text, in tokens
   * @param batchSize images per model run
   */
  public static VisualizedBgeEncoder open(
      String id, Files files, int threads, int maxTokens, int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1, got: " + batchSize);
    }
    LoadedSession session = null;
    TextTokenizer tokenizer = null;
    try {
      session =
          OnnxSessions.open(required(files.model()), OnnxSessions.Settings.cpu(threads, true));
      Path tok = required(files.tokenizer());
      tokenizer =
          TextTokenizer.fromJson(java.nio.file.Files.readAllBytes(tok), tok.toString(), maxTokens);
      Path pre = required(files.preprocessor());
      ImagePreprocessor preprocessor =
          ImagePreprocessor.fromJson(java.nio.file.Files.readAllBytes(pre), pre.toString());
      return new VisualizedBgeEncoder(id, session, tokenizer, preprocessor, batchSize);
    } catch (IOException | RuntimeException e) {
      if (session != null) {
        session.close();
      }
      if (tokenizer != null) {
        tokenizer.close();
      }
      if (e instanceof ModelException me) {
        throw me;
      }
      throw new ModelException(
          "cannot load the Visualized BGE model "
              + id
              + " from "
              + files.model()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private static Path required(Path p) {
    if (!java.nio.file.Files.isRegularFile(p)) {
      throw new ModelException("Visualized BGE model file not found: " + p);
    }
    return p;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public ImageModelKind kind() {
    return ImageModelKind.VISUALIZED_BGE;
  }

  /** Dimensions of the space (the BGE text model's). */
  @Override
  public int dimension() {
    return dimension;
  }

  /** Unit vectors of images alone (each with the empty text), in order. */
  @Override
  public List<float[]> embedImages(List<BufferedImage> images) {
    return embed(images, null);
  }

  /** Each image with its caption (the empty text without one), as one vector. */
  @Override
  public List<float[]> embedChunkImages(List<BufferedImage> images, List<String> captions) {
    return embed(images, captions);
  }

  /** The image, or the image with the text, as one vector ({@code encode_mm}). */
  @Override
  public float[] embedQuery(BufferedImage image, String text) {
    if (image == null) {
      throw new IllegalArgumentException(
          "Visualized BGE model "
              + id
              + " embeds an image or an image with text; a text alone is its BGE text model's");
    }
    return embed(List.of(image), java.util.Collections.singletonList(text)).get(0);
  }

  /**
   * Unit vectors of images, each with its text, in order.
   *
   * @param texts one per image ({@code null} or blank: the image alone), or null for none at all
   */
  public List<float[]> embed(List<BufferedImage> images, List<String> texts) {
    if (texts != null && texts.size() != images.size()) {
      throw new IllegalArgumentException(
          "texts must be one per image: " + images.size() + " images, " + texts.size() + " texts");
    }
    List<float[]> out = new ArrayList<>(images.size());
    for (int from = 0; from < images.size(); from += batchSize) {
      int n = Math.min(batchSize, images.size() - from);
      List<String> batchTexts = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        String t = texts == null ? null : texts.get(from + i);
        batchTexts.add(t == null || t.isBlank() ? "" : t);
      }
      out.addAll(run(images.subList(from, from + n), tokenizer.tokenize(batchTexts)));
    }
    return out;
  }

  private List<float[]> run(List<BufferedImage> images, List<TokenizedText> texts) {
    int n = texts.size();
    PaddedTokens tokens = PaddedTokens.of(texts, tokenizer.padId());
    Map<String, OnnxTensor> feed = new HashMap<>();
    try {
      var env = OnnxSessions.environment();
      feed.put(
          "pixel_values",
          OnnxTensor.createTensor(
              env, FloatBuffer.wrap(preprocessor.pixels(images)), preprocessor.shape(n)));
      long[] shape = tokens.shape();
      feed.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(tokens.ids()), shape));
      feed.put(
          "attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(tokens.mask()), shape));
      try (OrtSession.Result r = session.session().run(feed)) {
        OnnxTensor t = (OnnxTensor) r.get(output).orElseThrow();
        return pooled
            ? rows(t.getFloatBuffer(), n, 1)
            : rows(t.getFloatBuffer(), n, (int) t.getInfo().getShape()[1]);
      }
    } catch (OrtException e) {
      throw new ModelException("Visualized BGE embedding failed: " + e.getMessage(), e);
    } finally {
      feed.values().forEach(OnnxTensor::close);
    }
  }

  /** Each item's vector: its only row, or (sequence outputs) its first, the [CLS] position. */
  private static List<float[]> rows(FloatBuffer fb, int n, int positions) {
    int dim = fb.remaining() / (n * positions);
    List<float[]> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      float[] v = new float[dim];
      fb.position(i * positions * dim);
      fb.get(v);
      out.add(ClipEncoder.unit(v));
    }
    return out;
  }

  @Override
  public void close() {
    session.close();
    tokenizer.close();
  }
}
