package dev.ragserver.index.codec;

import dev.ragserver.config.Quantization;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.codecs.lucene104.Lucene104HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.util.quantization.QuantizedByteVectorValues.ScalarEncoding;

/**
 * Lucene's default codec with every vector field in an HNSW format of the collection's {@code
 * maxConn}, {@code beamWidth} and quantisation. The per-field format names are written into each
 * segment, so readers need no custom codec.
 */
public final class CollectionCodec extends Lucene104Codec {
  private final KnnVectorsFormat vectors;

  public CollectionCodec(int maxConn, int beamWidth, Quantization quantization) {
    this.vectors =
        switch (quantization) {
          case NONE -> new Lucene99HnswVectorsFormat(maxConn, beamWidth);
          case INT8 ->
              new Lucene104HnswScalarQuantizedVectorsFormat(
                  ScalarEncoding.UNSIGNED_BYTE, maxConn, beamWidth);
          case INT4 ->
              new Lucene104HnswScalarQuantizedVectorsFormat(
                  ScalarEncoding.PACKED_NIBBLE, maxConn, beamWidth);
          case BINARY ->
              new Lucene104HnswScalarQuantizedVectorsFormat(
                  ScalarEncoding.SINGLE_BIT_QUERY_NIBBLE, maxConn, beamWidth);
        };
  }

  @Override
  public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
    return vectors;
  }
}
