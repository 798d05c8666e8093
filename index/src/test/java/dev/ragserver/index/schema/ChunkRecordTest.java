package dev.ragserver.index.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragserver.index.TestCollections;
import java.util.List;
import java.util.Map;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;

/** A hit's record gives back every value the chunk was written with. */
class ChunkRecordTest {
  static Chunk full() {
    return new Chunk(
        "report.pdf#3",
        "report.pdf",
        3,
        "Spring tides — the largest range; 大潮.",
        "file:/docs/report.pdf",
        "Tides",
        2,
        4,
        120,
        157,
        List.of("Tides", "Spring tides"),
        Modality.IMAGE,
        Map.of("year", 2024, "score", 0.5, "draft", true, "tags", List.of("sea", "moon")),
        TestCollections.dense(TestCollections.unit(1, 0, 0, 0)),
        null);
  }

  @Test
  void everyFieldComesBack() {
    Chunk c = full();
    assertEquals(c.stored(), ChunkRecord.decode(ChunkRecord.encode(c.stored())));
  }

  @Test
  void emptyOptionalFieldsComeBackEmpty() {
    Chunk c =
        TestCollections.chunk(
            "a", 0, "", TestCollections.dense(TestCollections.unit(1, 0, 0, 0)), Map.of());
    StoredChunk back = ChunkRecord.decode(ChunkRecord.encode(c.stored()));
    assertEquals(c.stored(), back);
    assertTrue(back.metadata().isEmpty());
  }

  @Test
  void aRecordInsideALargerBufferIsReadAtItsOffset() {
    BytesRef record = ChunkRecord.encode(full().stored());
    byte[] padded = new byte[record.length + 10];
    System.arraycopy(record.bytes, record.offset, padded, 7, record.length);
    assertEquals(full().stored(), ChunkRecord.decode(new BytesRef(padded, 7, record.length)));
  }

  @Test
  void aRecordOfAnUnknownLayoutIsRefusedSayingSo() {
    BytesRef record = ChunkRecord.encode(full().stored());
    record.bytes[record.offset] = 9;
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ChunkRecord.decode(record));
    assertEquals(
        "a chunk record must have layout version 1 (an index written by a newer server?), got: 9",
        e.getMessage());
  }
}
