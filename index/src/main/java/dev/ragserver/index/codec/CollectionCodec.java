package dev.ragserver.index.codec;

import dev.ragserver.config.Quantization;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.codecs.lucene104.Lucene104HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.util.quantization.QuantizedByteVectorValues.ScalarEncoding;

/**
 * Lucene's default codec with every vector field in an HNSW format of the collection's {@code
 * maxConn}, {@code beamWidth} and quantisation, merging graphs with {@code mergeThreads} threads.
 * The per-field format names are written into each segment, so readers need no custom codec.
 */
public final class CollectionCodec extends Lucene104Codec {
  /**
   * The threads merges build graphs on, shared by every collection: daemon threads made as merges
   * need them and gone a minute after; a cached pool has no queue, so one collection's merge never
   * waits for another's threads (their number is bounded by the merges running at once).
   */
  private static final ExecutorService MERGES =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "hnsw-merge");
            t.setDaemon(true);
            return t;
          });

  private final KnnVectorsFormat vectors;

  /**
   * @param mergeThreads threads that build one merged segment's graph: above 1, Lucene's concurrent
   *     merge (the largest segment's graph kept, the other vectors inserted in parallel); 1,
   *     Lucene's single-threaded merge (which joins the segments' graphs)
   */
  public CollectionCodec(int maxConn, int beamWidth, Quantization quantization, int mergeThreads) {
    if (mergeThreads < 1) {
      throw new IllegalArgumentException("mergeThreads must be at least 1, got: " + mergeThreads);
    }
    // Lucene refuses an executor for one thread
    ExecutorService exec = mergeThreads > 1 ? MERGES : null;
    this.vectors =
        switch (quantization) {
          case NONE -> new Lucene99HnswVectorsFormat(maxConn, beamWidth, mergeThreads, exec);
          case INT8 ->
              new Lucene104HnswScalarQuantizedVectorsFormat(
                  ScalarEncoding.UNSIGNED_BYTE, maxConn, beamWidth, mergeThreads, exec);
          case INT4 ->
              new Lucene104HnswScalarQuantizedVectorsFormat(
                  ScalarEncoding.PACKED_NIBBLE, maxConn, beamWidth, mergeThreads, exec);
          case BINARY ->
              new Lucene104HnswScalarQuantizedVectorsFormat(
                  ScalarEncoding.SINGLE_BIT_QUERY_NIBBLE, maxConn, beamWidth, mergeThreads, exec);
        };
  }

  @Override
  public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
    return vectors;
  }
}
