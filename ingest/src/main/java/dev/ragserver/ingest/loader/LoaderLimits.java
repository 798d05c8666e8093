package dev.ragserver.ingest.loader;

import dev.ragserver.config.IngestConfig;

/**
 * Limits every loader honours.
 *
 * @param maxImagePixels images declaring more pixels are refused before decoding
 * @param maxImagesPerDocument most embedded images kept from one document
 * @param maxFileBytes largest file (also the largest image an HTML page may reference)
 */
public record LoaderLimits(long maxImagePixels, int maxImagesPerDocument, long maxFileBytes) {
  public LoaderLimits {
    if (maxImagePixels < 1 || maxImagesPerDocument < 0 || maxFileBytes < 1) {
      throw new IllegalArgumentException(
          "limits must be positive, got: pixels "
              + maxImagePixels
              + ", images "
              + maxImagesPerDocument
              + ", bytes "
              + maxFileBytes);
    }
  }

  /** The limits of the ingest configuration. */
  public static LoaderLimits of(IngestConfig config) {
    return new LoaderLimits(
        config.maxImagePixels(), config.maxImagesPerDocument(), config.maxFileBytes());
  }
}
