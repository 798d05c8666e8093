package dev.ragserver.index.collection;

import dev.ragserver.index.schema.Chunk;
import dev.ragserver.model.Embedding;
import dev.ragserver.model.EmbeddingPart;
import java.util.List;

/**
 * The rules every chunk meets before any backend sees it: its parts are the collection model's, its
 * vectors have the collection's dimensions, an image vector only where the collection has an image
 * leg (a CLIP-style image model). Checked once, above the backend seam (by {@link
 * CheckedCollection}).
 */
public final class ChunkChecks {
  private ChunkChecks() {}

  /** Fails with the chunk id and the rule it breaks. */
  public static void check(CollectionManifest manifest, Chunk c) {
    Embedding e = c.embedding();
    CollectionManifest.ModelSpec model = manifest.model();
    for (EmbeddingPart part : e.parts()) {
      if (!model.has(part)) {
        throw new IllegalArgumentException(
            "chunk "
                + c.chunkId()
                + " has a "
                + part
                + " part, which the collection's"
                + " model "
                + model.id()
                + " does not produce");
      }
    }
    if (e.denseDimension() != 0 && e.denseDimension() != model.denseDimension()) {
      throw new IllegalArgumentException(
          "chunk "
              + c.chunkId()
              + " has a dense vector of "
              + e.denseDimension()
              + " dimensions; collection "
              + manifest.name()
              + " holds "
              + model.denseDimension());
    }
    if (e.multiVector() != null && e.multiVector().dimension() != model.multiVectorDimension()) {
      throw new IllegalArgumentException(
          "chunk "
              + c.chunkId()
              + " has token vectors of "
              + e.multiVector().dimension()
              + " dimensions; collection "
              + manifest.name()
              + " holds "
              + model.multiVectorDimension());
    }
    float[] image = c.imageVector();
    if (image != null) {
      if (!manifest.hasImageLeg()) {
        throw new IllegalArgumentException(
            "chunk "
                + c.chunkId()
                + " has an image vector, but collection "
                + manifest.name()
                + (manifest.imageModel() == null
                    ? " has no image model"
                    : " keeps its images' vectors in the dense field ("
                        + manifest.imageModel()
                        + ")"));
      }
      if (image.length != manifest.imageModel().dimension()) {
        throw new IllegalArgumentException(
            "chunk "
                + c.chunkId()
                + " has an image vector of "
                + image.length
                + " dimensions; the collection's image model has "
                + manifest.imageModel().dimension());
      }
    }
  }

  /** Checks every chunk; nothing is written when one fails. */
  public static void checkAll(CollectionManifest manifest, List<Chunk> chunks) {
    for (Chunk c : chunks) {
      check(manifest, c);
    }
  }
}
