package dev.ragserver.model;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** The checks every embedder makes before it embeds: non-blank texts, parts the model has. */
public final class TextChecks {
  private TextChecks() {}

  /** Fails, naming the text's position, when a text is null, empty or whitespace only. */
  public static void texts(List<String> texts) {
    for (int i = 0; i < texts.size(); i++) {
      String t = texts.get(i);
      if (t == null || t.isBlank()) {
        throw new IllegalArgumentException(
            "text "
                + i
                + " is "
                + (t == null ? "null" : "empty or whitespace-only")
                + "; every text to embed needs some content");
      }
    }
  }

  /** The requested parts the model produces; fails when it produces none of them. */
  public static Set<EmbeddingPart> parts(ModelInfo info, Set<EmbeddingPart> parts) {
    Set<EmbeddingPart> wanted = EnumSet.noneOf(EmbeddingPart.class);
    wanted.addAll(parts);
    wanted.retainAll(info.parts());
    if (wanted.isEmpty()) {
      throw new IllegalArgumentException(
          "model "
              + info.id()
              + " produces "
              + info.parts()
              + "; none of the requested parts "
              + parts
              + " is among them");
    }
    return wanted;
  }
}
