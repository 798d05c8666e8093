package dev.ragserver.ingest.loader;

import dev.ragserver.ingest.document.Block;
import dev.ragserver.ingest.document.DocumentType;
import dev.ragserver.ingest.document.ExtractedImage;
import dev.ragserver.ingest.document.ParsedDocument;
import java.nio.file.Path;
import java.util.List;

/**
 * An image file (PNG, JPEG, GIF, BMP, WebP) becomes one image document. Its text is what describes
 * it; without OCR or a caption that is the file name made readable ("sunset_over-lake.jpg" →
 * "sunset over lake"). The pixel limit is checked from the header before decoding.
 */
public final class ImageLoader implements Loader {
  @Override
  public ParsedDocument load(byte[] bytes, Path path, LoaderLimits limits) {
    String fileName =
        path == null || path.getFileName() == null ? "image" : path.getFileName().toString();
    String caption = Images.captionFromFileName(fileName);
    if (caption.isEmpty()) {
      caption = "image";
    }
    ExtractedImage image = Images.read(bytes, limits, 0, caption, fileName);
    return new ParsedDocument(
        DocumentType.IMAGE,
        caption,
        fileName,
        List.of(Block.text(0, caption.length(), List.of(), 0)),
        List.of(image),
        0,
        List.of());
  }
}
