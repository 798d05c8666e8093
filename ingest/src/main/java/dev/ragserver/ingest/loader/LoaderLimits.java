package dev.ragserver.ingest.loader;

import dev.ragserver.config.IngestConfig;

/**
 * Limits every loader honours.
 *
 * @param maxImagePixels images declaring more pixels are refused before decoding
 * @param maxImagesPerDocument most embedded images kept from one document
 * @param maxFileBytes largest file (also the largest image an HTML page may reference)
 * @param maxPdfPages PDFs with more pages are refused before any page is read
 */
public record LoaderLimits(
    long maxImagePixels, int maxImagesPerDocument, long maxFileBytes, int maxPdfPages) {
  public LoaderLimits {
    if (maxPdfPages < 1) {
      throw new IllegalArgumentException("max_pdf_pages must be at least 1, got: " + maxPdfPages);
    }
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
        config.maxImagePixels(),
        config.maxImagesPerDocument(),
        config.maxFileBytes(),
        config.maxPdfPages());
  }
}
