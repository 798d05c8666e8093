package dev.ragserver.ingest.loader;

import dev.ragserver.ingest.document.ExtractedImage;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Images a Markdown or HTML file references by a relative path next to it. Remote URLs, data URIs,
 * missing files and unreadable images are left out (their alt text stays in the document text).
 */
final class LocalImages {
  private LocalImages() {}

  static Optional<ExtractedImage> load(
      Path document, String src, String caption, LoaderLimits limits) {
    if (src == null
        || src.isBlank()
        || src.contains(":")
        || src.startsWith("/")
        || src.startsWith("//")
        || document == null
        || document.getParent() == null) {
      return Optional.empty();
    }
    try {
      String clean = src.replaceAll("[?#].*$", "");
      Path base = document.toAbsolutePath().getParent().normalize();
      Path file = base.resolve(URLDecoder.decode(clean, StandardCharsets.UTF_8)).normalize();
      if (!file.startsWith(base)
          || !Files.isRegularFile(file)
          || Files.size(file) > limits.maxFileBytes()) {
        return Optional.empty();
      }
      byte[] bytes = Files.readAllBytes(file);
      return Optional.of(Images.read(bytes, limits, 0, caption, src));
    } catch (IOException | IllegalArgumentException | LoadException e) {
      return Optional.empty();
    }
  }
}
