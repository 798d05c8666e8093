package dev.ragserver.ingest.document;

import java.util.List;
import java.util.Objects;

/**
 * A loaded document.
 *
 * @param type what the file was
 * @param text the document text every chunk offset points into
 * @param title the document's title ("" when it has none)
 * @param blocks the structure of {@code text}, in order, non-overlapping
 * @param images images found in it (for an image file: the image itself)
 * @param pageCount pages (0 when the format has none)
 * @param warnings things the user should know that did not stop the file (e.g. a page without a
 *     text layer)
 */
public record ParsedDocument(
    DocumentType type,
    String text,
    String title,
    List<Block> blocks,
    List<ExtractedImage> images,
    int pageCount,
    List<String> warnings) {
  public ParsedDocument {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(text, "text");
    title = title == null ? "" : title.strip();
    blocks = List.copyOf(blocks);
    images = List.copyOf(images);
    warnings = List.copyOf(warnings);
    int last = 0;
    for (Block b : blocks) {
      if (b.start() < last || b.end() > text.length()) {
        throw new IllegalArgumentException(
            "blocks must be in order, non-overlapping and inside the text (length "
                + text.length()
                + "), got: "
                + b.start()
                + ".."
                + b.end()
                + " after "
                + last);
      }
      last = b.end();
    }
  }
}
