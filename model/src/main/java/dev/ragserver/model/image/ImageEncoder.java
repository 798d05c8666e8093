package dev.ragserver.model.image;

import dev.ragserver.config.ImageModelConfig;
import dev.ragserver.config.ImageModelKind;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * An image model: images, and images with text, as unit vectors. A {@link ImageModelKind#CLIP}
 * model's vectors live in a space of their own (the image leg; texts reach it through its text
 * encoder); a {@link ImageModelKind#VISUALIZED_BGE} model's in the dense space of the BGE text
 * model it was trained with (the dense leg). Thread-safe.
 */
public sealed interface ImageEncoder extends AutoCloseable
    permits ClipEncoder, VisualizedBgeEncoder {
  /** Loads the configured image model ({@code image_model.kind}); fails naming what it has. */
  static ImageEncoder open(ImageModelConfig config) {
    return switch (config.kind()) {
      case CLIP -> ClipEncoder.open(config);
      case VISUALIZED_BGE -> VisualizedBgeEncoder.open(config);
    };
  }

  /** The model's id ({@code image_model.name}), as manifests record it. */
  String id();

  /** What the model is. */
  ImageModelKind kind();

  /** Dimensions of its vectors. */
  int dimension();

  /** Unit vectors of images alone, in order. */
  List<float[]> embedImages(List<BufferedImage> images);

  /**
   * The vectors image chunks are indexed with, in order: CLIP's of the image alone (a caption is
   * found through the text legs), Visualized BGE's of the image with its caption.
   *
   * @param captions one per image ("" for none)
   */
  List<float[]> embedChunkImages(List<BufferedImage> images, List<String> captions);

  /**
   * A query's vector in this model's space: of the image, or of the image with the text when both
   * are given; CLIP also embeds a text alone (into its image space).
   *
   * @param image the query image, or null
   * @param text the query text, or null
   * @throws IllegalArgumentException when neither is given, or (Visualized BGE) only a text: the
   *     text model embeds that
   */
  float[] embedQuery(BufferedImage image, String text);

  @Override
  void close();
}
