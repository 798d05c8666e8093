package dev.ragserver.ingest.job;

import dev.ragserver.index.collection.CollectionIndex;
import dev.ragserver.index.schema.Chunk;
import dev.ragserver.index.schema.Modality;
import dev.ragserver.ingest.chunk.Chunker;
import dev.ragserver.ingest.chunk.TextChunk;
import dev.ragserver.ingest.document.ParsedDocument;
import dev.ragserver.ingest.loader.TextLoader;
import dev.ragserver.model.EmbeddingBatch;
import dev.ragserver.model.TextEmbedder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes text documents: chunks whole texts with the collection's chunker (or takes the client's
 * chunks as they are), embeds every chunk in one call, upserts each document whole and commits, so
 * an acknowledged write is durable.
 */
public final class TextUpsert {
  private final CollectionIndex index;
  private final TextEmbedder embedder;
  private final Chunker chunker;

  public TextUpsert(CollectionIndex index, TextEmbedder embedder, Chunker chunker) {
    this.index = index;
    this.embedder = embedder;
    this.chunker = chunker;
  }

  /**
   * How many were written.
   *
   * @param documents documents written
   * @param chunks chunks written
   */
  public record Result(int documents, int chunks) {}

  /** Writes the documents; fails (writing nothing) if any chunk is invalid. */
  public Result upsert(List<TextDocument> documents) {
    List<PendingChunk> pending = new ArrayList<>();
    Map<String, Integer> numbers = new HashMap<>();
    for (TextDocument d : documents) {
      for (String key : d.metadata().keySet()) {
        if (DocumentPreparer.RESERVED_KEYS.contains(key)) {
          throw new IllegalArgumentException(
              "document "
                  + d.id()
                  + ": metadata key \""
                  + key
                  + "\" is reserved for ingested files");
        }
      }
      if (d.text() != null) {
        ParsedDocument parsed = TextLoader.parse(d.text());
        for (TextChunk c : chunker.chunk(parsed)) {
          pending.add(
              chunk(
                  d,
                  numbers.merge(d.id(), 1, Integer::sum) - 1,
                  c.text(d.text()),
                  c.start(),
                  c.end()));
        }
      } else {
        int at = 0;
        for (String text : d.chunks()) {
          pending.add(
              chunk(d, numbers.merge(d.id(), 1, Integer::sum) - 1, text, at, at + text.length()));
          at += text.length() + 2;
        }
      }
    }
    if (pending.isEmpty()) {
      return new Result(0, 0);
    }
    // a text repeated in the request is embedded once
    EmbeddingBatch batch =
        new DistinctTexts(0)
            .embed(pending.stream().map(PendingChunk::text).toList(), embedder::embedDocuments);
    List<Chunk> chunks = new ArrayList<>(pending.size());
    for (int i = 0; i < pending.size(); i++) {
      chunks.add(pending.get(i).withEmbedding(batch.get(i)));
    }
    int docs = index.upsert(chunks);
    index.commit();
    return new Result(docs, chunks.size());
  }

  private static PendingChunk chunk(TextDocument d, int n, String text, int start, int end) {
    return new PendingChunk(
        Chunk.idOf(d.id(), n),
        d.id(),
        n,
        text,
        d.source(),
        d.title(),
        0,
        0,
        start,
        end,
        List.of(),
        Modality.TEXT,
        d.metadata(),
        null,
        null,
        null);
  }
}
