package dev.ragserver.ingest.chunk;

import dev.ragserver.config.IngestConfig;

/**
 * Chunk sizes in tokens.
 *
 * @param chunkTokens most tokens per chunk
 * @param overlapTokens tokens repeated from the end of the chunk before (whole sentences)
 * @param minTokens a section's trailing chunk below this joins the one before
 */
public record ChunkingOptions(int chunkTokens, int overlapTokens, int minTokens) {
  public ChunkingOptions {
    if (chunkTokens < 1) {
      throw new IllegalArgumentException("chunkTokens must be at least 1, got: " + chunkTokens);
    }
    if (overlapTokens < 0 || overlapTokens >= chunkTokens) {
      throw new IllegalArgumentException(
          "overlapTokens must be in [0, chunkTokens), got: " + overlapTokens);
    }
    if (minTokens < 0) {
      throw new IllegalArgumentException("minTokens must be >= 0, got: " + minTokens);
    }
  }

  /** The sizes of the ingest configuration. */
  public static ChunkingOptions of(IngestConfig config) {
    return new ChunkingOptions(
        config.chunkTokens(), config.chunkOverlapTokens(), config.minChunkTokens());
  }
}
