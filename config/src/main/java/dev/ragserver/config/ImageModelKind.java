package dev.ragserver.config;

import java.util.Locale;

/** What an image model is, and so where its vectors live in a collection. */
public enum ImageModelKind {
  /**
   * A CLIP-style dual encoder (a vision model and a text model of their own): image vectors in a
   * separate {@code image} field and leg; texts reach them through the text encoder.
   */
  CLIP,
  /**
   * FlagEmbedding's Visualized BGE: an image, or an image with text, encoded into the dense space
   * of the BGE text model it was trained with; image vectors sit in the {@code dense} field beside
   * the text chunks', and the dense leg searches both.
   */
  VISUALIZED_BGE;

  private final String id;

  ImageModelKind() {
    // as ConfigSchema.enumName spells enum values (not called here: its class would initialise
    // while this enum is still being built)
    this.id = name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * Its name in the configuration and in collection manifests: {@code clip}, {@code
   * visualized-bge}.
   */
  public String id() {
    return id;
  }

  /** The kind of this name. */
  public static ImageModelKind of(String id) {
    for (ImageModelKind k : values()) {
      if (k.id().equals(id)) {
        return k;
      }
    }
    throw new IllegalArgumentException(
        "an image model kind is clip or visualized-bge, got: \"" + id + "\"");
  }
}
