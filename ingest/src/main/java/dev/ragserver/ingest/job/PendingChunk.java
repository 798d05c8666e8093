package dev.ragserver.ingest.job;

import dev.ragserver.index.schema.Chunk;
import dev.ragserver.index.schema.Modality;
import dev.ragserver.model.Embedding;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A chunk waiting for its embedding; an image chunk also carries the image and thumbnail to store
 * in the collection's blob store (under {@code metadata.image_id}) and, with an image model, its
 * image vector.
 */
@SuppressWarnings("ArrayRecordComponent")
// arrays on purpose (image bytes and vectors on their way to the index); equals, hashCode and
// toString compare their contents
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
    float[] imageVector) {

  /**
   * An image and its thumbnail, ready to store.
   *
   * @param id blob id of the original (its SHA-256)
   * @param bytes the original bytes
   * @param mediaType the original's media type
   * @param thumbnail a small PNG
   */
  @SuppressWarnings("ArrayRecordComponent")
  // arrays on purpose (image bytes and vectors on their way to the index); equals, hashCode and
  // toString compare their contents
  record ImageBlobs(String id, byte[] bytes, String mediaType, byte[] thumbnail) {
    /** Equal when every component is, arrays compared by content. */
    @Override
    public boolean equals(Object o) {
      return o instanceof ImageBlobs other
          && Objects.equals(id, other.id)
          && Arrays.equals(bytes, other.bytes)
          && Objects.equals(mediaType, other.mediaType)
          && Arrays.equals(thumbnail, other.thumbnail);
    }

    @Override
    public int hashCode() {
      int h = 1;
      h = 31 * h + Objects.hashCode(id);
      h = 31 * h + Arrays.hashCode(bytes);
      h = 31 * h + Objects.hashCode(mediaType);
      h = 31 * h + Arrays.hashCode(thumbnail);
      return h;
    }

    @Override
    public String toString() {
      return "ImageBlobs["
          + "id="
          + id
          + ", "
          + "bytes="
          + Arrays.toString(bytes)
          + ", "
          + "mediaType="
          + mediaType
          + ", "
          + "thumbnail="
          + Arrays.toString(thumbnail)
          + "]";
    }
  }

  Chunk withEmbedding(Embedding embedding) {
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
        embedding,
        imageVector);
  }

  /** Equal when every component is, arrays compared by content. */
  @Override
  public boolean equals(Object o) {
    return o instanceof PendingChunk other
        && Objects.equals(chunkId, other.chunkId)
        && Objects.equals(documentId, other.documentId)
        && number == other.number
        && Objects.equals(text, other.text)
        && Objects.equals(source, other.source)
        && Objects.equals(title, other.title)
        && pageStart == other.pageStart
        && pageEnd == other.pageEnd
        && charStart == other.charStart
        && charEnd == other.charEnd
        && Objects.equals(headingPath, other.headingPath)
        && Objects.equals(modality, other.modality)
        && Objects.equals(metadata, other.metadata)
        && Objects.equals(image, other.image)
        && Arrays.equals(imageVector, other.imageVector);
  }

  @Override
  public int hashCode() {
    int h = 1;
    h = 31 * h + Objects.hashCode(chunkId);
    h = 31 * h + Objects.hashCode(documentId);
    h = 31 * h + Integer.hashCode(number);
    h = 31 * h + Objects.hashCode(text);
    h = 31 * h + Objects.hashCode(source);
    h = 31 * h + Objects.hashCode(title);
    h = 31 * h + Integer.hashCode(pageStart);
    h = 31 * h + Integer.hashCode(pageEnd);
    h = 31 * h + Integer.hashCode(charStart);
    h = 31 * h + Integer.hashCode(charEnd);
    h = 31 * h + Objects.hashCode(headingPath);
    h = 31 * h + Objects.hashCode(modality);
    h = 31 * h + Objects.hashCode(metadata);
    h = 31 * h + Objects.hashCode(image);
    h = 31 * h + Arrays.hashCode(imageVector);
    return h;
  }

  @Override
  public String toString() {
    return "PendingChunk["
        + "chunkId="
        + chunkId
        + ", "
        + "documentId="
        + documentId
        + ", "
        + "number="
        + number
        + ", "
        + "text="
        + text
        + ", "
        + "source="
        + source
        + ", "
        + "title="
        + title
        + ", "
        + "pageStart="
        + pageStart
        + ", "
        + "pageEnd="
        + pageEnd
        + ", "
        + "charStart="
        + charStart
        + ", "
        + "charEnd="
        + charEnd
        + ", "
        + "headingPath="
        + headingPath
        + ", "
        + "modality="
        + modality
        + ", "
        + "metadata="
        + metadata
        + ", "
        + "image="
        + image
        + ", "
        + "imageVector="
        + Arrays.toString(imageVector)
        + "]";
  }
}
