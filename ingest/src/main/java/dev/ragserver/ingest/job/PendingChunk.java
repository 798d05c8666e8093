package dev.ragserver.ingest.job;

import dev.ragserver.index.schema.Chunk;
import dev.ragserver.index.schema.Modality;
import dev.ragserver.model.Embedding;
import java.util.List;
import java.util.Map;

/** A chunk waiting for its embedding. */
record PendingChunk(String chunkId, String documentId, int number, String text, String source, String title,
    int pageStart, int pageEnd, int charStart, int charEnd, List<String> headingPath, Modality modality,
    Map<String, Object> metadata) {

  Chunk withEmbedding(Embedding embedding) {
    return new Chunk(chunkId, documentId, number, text, source, title, pageStart, pageEnd, charStart, charEnd,
        headingPath, modality, metadata, embedding, null);
  }
}
