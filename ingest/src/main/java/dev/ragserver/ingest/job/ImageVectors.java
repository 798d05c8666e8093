package dev.ragserver.ingest.job;

import java.awt.image.BufferedImage;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * How image chunks get their vector from an image model, and where it goes: a CLIP-style model's
 * into the chunk's separate image vector, a Visualized BGE model's in place of the chunk's dense
 * vector (the text model's space). Or a refusal, when the collection records an image model this
 * server does not run: a document with images then fails, saying why, instead of being indexed
 * without the vectors its collection expects.
 *
 * @param placement where the vector goes
 * @param encoder the image with its caption ("" for none) → its unit vector
 * @param refusal why images cannot be embedded, or null
 */
public record ImageVectors(
    Placement placement, BiFunction<BufferedImage, String, float[]> encoder, String refusal) {
  /** Where an image chunk's vector goes. */
  public enum Placement {
    /** The chunk's image vector (the image leg). */
    IMAGE_FIELD,
    /** The chunk's dense vector (the dense leg, beside the text chunks). */
    DENSE
  }

  public ImageVectors {
    Objects.requireNonNull(placement, "placement");
    if ((encoder == null) == (refusal == null)) {
      throw new IllegalArgumentException("image vectors need an encoder or a refusal, not both");
    }
  }

  /** Vectors of a model with a space of its own (CLIP), from the image alone. */
  public static ImageVectors ownSpace(Function<BufferedImage, float[]> encoder) {
    Objects.requireNonNull(encoder, "encoder");
    return new ImageVectors(Placement.IMAGE_FIELD, (image, caption) -> encoder.apply(image), null);
  }

  /** Vectors in the text model's dense space (Visualized BGE), from the image with its caption. */
  public static ImageVectors textModelSpace(BiFunction<BufferedImage, String, float[]> encoder) {
    return new ImageVectors(Placement.DENSE, Objects.requireNonNull(encoder, "encoder"), null);
  }

  /** No vectors can be made, for this reason: documents with images fail with it. */
  public static ImageVectors refused(String why) {
    return new ImageVectors(Placement.IMAGE_FIELD, null, Objects.requireNonNull(why, "why"));
  }

  /** The vector of an image with its caption; fails with the refusal when there is one. */
  public float[] vector(BufferedImage image, String caption) {
    if (refusal != null) {
      throw new IllegalStateException(refusal);
    }
    return encoder.apply(image, caption);
  }
}
