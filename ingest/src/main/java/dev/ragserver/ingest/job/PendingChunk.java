package dev.ragserver.ingest.job;

import dev.ragserver.index.schema.Chunk;
import dev.ragserver.index.schema.Modality;
import dev.ragserver.model.Embedding;
import java.util.List;
import java.util.Map;

/**
 * A chunk waiting for its embedding; an image chunk also carries the image and thumbnail to store
 * in the collection's blob store (under {@code metadata.image_id}) and, with an image model, its
 * image vector and where that goes (the chunk's image vector, or in place of its text embedding's
 * dense vector).
 */
@SuppressWarnings("ArrayRecordComponent")
// arrays on purpose (image bytes and vectors on their way to the index); a carrier, never compared:
// identity equality is all it needs
record PendingChunk(
    String chunkId,
    String documentId,
    int number,
    String text,
    String source,
    String title,
    int pageStart,
    int pageEnd,
    int charStart,
    int charEnd,
    List<String> headingPath,
    Modality modality,
    Map<String, Object> metadata,
    ImageBlobs image,
    float[] imageVector,
    ImageVectors.Placement placement) {

  /**
   * An image and its thumbnail, ready to store.
   *
   * @param id blob id of the original (its SHA-256)
   * @param bytes the original bytes
   * @param mediaType the original's media type
   * @param thumbnail a small PNG
   */
  @SuppressWarnings("ArrayRecordComponent")
  // arrays on purpose (image bytes and vectors on their way to the index); a carrier, never
  // compared: identity equality is all it needs
  record ImageBlobs(String id, byte[] bytes, String mediaType, byte[] thumbnail) {}

  Chunk withEmbedding(Embedding embedding) {
    boolean dense = imageVector != null && placement == ImageVectors.Placement.DENSE;
    return new Chunk(
        chunkId,
        documentId,
        number,
        text,
        source,
        title,
        pageStart,
        pageEnd,
        charStart,
        charEnd,
        headingPath,
        modality,
        metadata,
        dense ? embedding.withDense(imageVector) : embedding,
        dense ? null : imageVector);
  }
}
