package dev.ragserver.config;

import java.nio.file.FileSystems;
import java.util.List;

/**
 * How files become chunks: chunk sizes, limits that protect the server from hostile files, and the
 * job's parallelism.
 *
 * @param chunkTokens most tokens per chunk (cut to the model's max tokens when larger)
 * @param chunkOverlapTokens tokens a chunk repeats from the end of the one before (whole sentences)
 * @param minChunkTokens a section's trailing chunk smaller than this joins the chunk before it
 * @param maxFileBytes files larger than this are refused (no file is read whole beyond it)
 * @param maxImagePixels images declaring more pixels than this are refused before decoding
 * @param maxImagesPerDocument most embedded images taken from one PDF or HTML document
 * @param include glob patterns (relative to the folder given) a file must match; empty = every file
 * @param exclude glob patterns that skip a file or folder
 * @param skipHidden whether files and folders whose name starts with '.' are skipped
 * @param parseThreads threads reading and parsing files; 0 = one per core
 * @param embedBatchChunks chunks handed to the model per call
 * @param commitIntervalSeconds how often a job makes its progress durable
 * @param maxPdfPages PDFs with more pages than this are refused before any page is read
 */
public record IngestConfig(
    int chunkTokens,
    int chunkOverlapTokens,
    int minChunkTokens,
    long maxFileBytes,
    long maxImagePixels,
    int maxImagesPerDocument,
    List<String> include,
    List<String> exclude,
    boolean skipHidden,
    int parseThreads,
    int embedBatchChunks,
    int commitIntervalSeconds,
    int maxPdfPages) {
  public IngestConfig {
    Checks.range("ingest.chunk_tokens", chunkTokens, 16, 100_000);
    Checks.range("ingest.chunk_overlap_tokens", chunkOverlapTokens, 0, 100_000);
    if (chunkOverlapTokens >= chunkTokens / 2) {
      throw new IllegalArgumentException(
          "ingest.chunk_overlap_tokens must be less than half of ingest.chunk_tokens ("
              + chunkTokens
              + "), got: "
              + chunkOverlapTokens);
    }
    Checks.range("ingest.min_chunk_tokens", minChunkTokens, 0, chunkTokens);
    Checks.range("ingest.max_file_bytes", maxFileBytes, 1, 1L << 40);
    Checks.range("ingest.max_image_pixels", maxImagePixels, 1, 1L << 40);
    Checks.range("ingest.max_images_per_document", maxImagesPerDocument, 0, 100_000);
    include = globs("ingest.include", include);
    exclude = globs("ingest.exclude", exclude);
    Checks.range("ingest.parse_threads", parseThreads, 0, 1024);
    Checks.range("ingest.embed_batch_chunks", embedBatchChunks, 1, 100_000);
    Checks.range("ingest.commit_interval_seconds", commitIntervalSeconds, 1, 86_400);
    Checks.range("ingest.max_pdf_pages", maxPdfPages, 1, 1_000_000);
  }

  private static List<String> globs(String key, List<String> patterns) {
    Checks.notNull(key, patterns);
    for (String p : patterns) {
      try {
        FileSystems.getDefault().getPathMatcher("glob:" + p);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            key + " must hold glob patterns, got: \"" + p + "\" (" + e.getMessage() + ")");
      }
    }
    return List.copyOf(patterns);
  }

  /** Parse threads to use: the configured count, or one per core. */
  public int effectiveParseThreads() {
    return parseThreads > 0 ? parseThreads : Runtime.getRuntime().availableProcessors();
  }
}
