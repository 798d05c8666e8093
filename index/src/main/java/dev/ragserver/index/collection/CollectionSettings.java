package dev.ragserver.index.collection;

import dev.ragserver.config.AnalyzerLanguage;
import dev.ragserver.config.IndexConfig;
import dev.ragserver.config.MultiVectorPrecision;
import dev.ragserver.config.Quantization;
import java.util.Objects;

/**
 * What a user chooses when creating a collection.
 *
 * @param analyzer BM25 text analysis
 * @param hnswMaxConn HNSW graph degree
 * @param hnswBeamWidth HNSW construction beam width
 * @param quantization dense vector storage
 * @param multiVectorPrecision token vector storage
 */
public record CollectionSettings(
    AnalyzerLanguage analyzer,
    int hnswMaxConn,
    int hnswBeamWidth,
    Quantization quantization,
    MultiVectorPrecision multiVectorPrecision) {
  public CollectionSettings {
    Objects.requireNonNull(analyzer, "analyzer");
    Objects.requireNonNull(quantization, "quantization");
    Objects.requireNonNull(multiVectorPrecision, "multiVectorPrecision");
    if (hnswMaxConn < 2 || hnswMaxConn > 512) {
      throw new IllegalArgumentException(
          "hnsw max_conn must be between 2 and 512, got: " + hnswMaxConn);
    }
    if (hnswBeamWidth < 2 || hnswBeamWidth > 3200) {
      throw new IllegalArgumentException(
          "hnsw beam_width must be between 2 and 3200, got: " + hnswBeamWidth);
    }
  }

  /** The defaults of the {@code index} configuration section. */
  public static CollectionSettings defaults(IndexConfig config) {
    return new CollectionSettings(
        config.analyzer(),
        config.hnswMaxConn(),
        config.hnswBeamWidth(),
        config.quantization(),
        config.multiVectorPrecision());
  }
}
