package dev.ragserver.index.lucene;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ragserver.config.MultiVectorPrecision;
import dev.ragserver.index.TestCollections;
import dev.ragserver.index.schema.Chunk;
import dev.ragserver.index.schema.ChunkFields;
import dev.ragserver.index.schema.StoredChunk;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.junit.jupiter.api.Test;

/**
 * Hits read their chunk from its record in any order; chunks written before records existed (only
 * stored fields) read back the same, so an index from the version before keeps serving.
 */
class ChunkReaderTest {
  private static Chunk chunk(int i) {
    return new Chunk(
        "doc" + (i % 3) + "#" + i,
        "doc" + (i % 3),
        i,
        "text of chunk " + i,
        i % 2 == 0 ? "file:/doc" + i + ".md" : "",
        i % 2 == 0 ? "Title " + i : "",
        i % 4 == 0 ? 0 : i,
        i % 4 == 0 ? 0 : i + 1,
        10 * i,
        10 * i + 15,
        i % 2 == 0 ? List.of("H1", "H2 " + i) : List.of(),
        dev.ragserver.index.schema.Modality.TEXT,
        i % 3 == 0 ? Map.of("n", i, "tag", "t" + i) : Map.of(),
        TestCollections.dense(TestCollections.unit(1, i, 0, 0)),
        null);
  }

  /** Writes 12 chunks in two segments; {@code withoutRecord} ones as the version before did. */
  private static List<StoredChunk> readAll(
      ByteBuffersDirectory dir, java.util.function.IntPredicate withoutRecord, int[] order)
      throws Exception {
    try (IndexWriter w = new IndexWriter(dir, new IndexWriterConfig(new StandardAnalyzer()))) {
      for (int i = 0; i < 12; i++) {
        Document d = ChunkFields.toDocument(chunk(i), MultiVectorPrecision.FP32);
        if (withoutRecord.test(i)) {
          d.removeFields(ChunkFields.RECORD);
        }
        w.addDocument(d);
        if (i == 5) {
          w.commit(); // a second segment
        }
      }
    }
    List<StoredChunk> out = new ArrayList<>();
    try (DirectoryReader r = DirectoryReader.open(dir)) {
      assertEquals(2, r.leaves().size());
      ChunkReader reader = new ChunkReader(r);
      for (int doc : order) {
        out.add(reader.read(doc));
      }
    }
    return out;
  }

  private static final int[] SHUFFLED = {11, 0, 7, 7, 3, 10, 2, 9, 1, 8, 4, 6, 5};

  @Test
  void hitsReadTheirChunkInAnyOrderAcrossSegments() throws Exception {
    List<StoredChunk> read = readAll(new ByteBuffersDirectory(), i -> false, SHUFFLED);
    for (int k = 0; k < SHUFFLED.length; k++) {
      assertEquals(chunk(SHUFFLED[k]).stored(), read.get(k));
    }
  }

  @Test
  void chunksWrittenBeforeRecordsReadTheSameFromStoredFields() throws Exception {
    // every other chunk, and the whole first segment's first half, without a record
    List<StoredChunk> read =
        readAll(new ByteBuffersDirectory(), i -> i % 2 == 1 || i < 3, SHUFFLED);
    for (int k = 0; k < SHUFFLED.length; k++) {
      assertEquals(chunk(SHUFFLED[k]).stored(), read.get(k));
    }
  }
}
