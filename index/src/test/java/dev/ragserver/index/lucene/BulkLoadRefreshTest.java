package dev.ragserver.index.lucene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ragserver.index.Registries;
import dev.ragserver.index.TestCollections;
import dev.ragserver.index.collection.BulkLoad;
import dev.ragserver.index.collection.CollectionIndex;
import dev.ragserver.index.collection.CollectionRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * While a bulk load runs, searches see new writes on the bulk interval (fewer, larger segments);
 * when the last bulk load ends they see everything at once, and the short interval is back.
 */
class BulkLoadRefreshTest {
  @TempDir Path dir;

  private static long chunks(CollectionIndex c) {
    return c.stats().chunks();
  }

  /** Waits up to 10 s for the collection to show {@code n} chunks; fails rather than hangs. */
  private static void awaitChunks(CollectionIndex c, long n) throws InterruptedException {
    long end = System.nanoTime() + 10_000_000_000L;
    while (chunks(c) != n) {
      if (System.nanoTime() > end) {
        throw new AssertionError("expected " + n + " chunks within 10 s, have " + chunks(c));
      }
      Thread.sleep(10);
    }
  }

  private static void write(CollectionIndex c, String doc) {
    c.upsert(
        List.of(
            TestCollections.chunk(
                doc,
                0,
                "tides " + doc,
                TestCollections.dense(TestCollections.unit(1, 0, 0, 0)),
                Map.of())));
  }

  @Test
  void writesDuringABulkLoadWaitForItsIntervalAndAppearAtOnceWhenItEnds() throws Exception {
    try (CollectionRegistry registry =
        Registries.embedded(
            dir, new WriteSettings(20, 3_600_000, 512, 2), TestCollections.SEARCH)) {
      CollectionIndex c = TestCollections.create(registry, "bulk");
      write(c, "before");
      awaitChunks(c, 1); // the 20 ms refresh
      BulkLoad bulk = c.beginBulkLoad();
      BulkLoad other = c.beginBulkLoad();
      write(c, "during");
      Thread.sleep(300); // fifteen short intervals
      assertEquals(1, chunks(c), "a bulk load's writes wait for the bulk interval");
      bulk.close();
      bulk.close(); // closing twice counts once
      Thread.sleep(300);
      assertEquals(1, chunks(c), "another bulk load still runs");
      other.close();
      assertEquals(2, chunks(c), "the last bulk load to end makes every write visible");
      write(c, "after");
      awaitChunks(c, 3); // the short interval again
    }
  }

  @Test
  void theBulkBufferIsAtMostAQuarterOfTheHeapAndNeverBelowTheNormalOne() {
    WriteSettings s = new WriteSettings(1000, 30_000, 512, 2);
    long gib = 1L << 30;
    assertEquals(512, s.bulkRamBufferMbForHeap(16 * gib), "a large heap: as configured");
    assertEquals(256, s.bulkRamBufferMbForHeap(gib), "a 1 GiB heap: a quarter of it");
    assertEquals(
        WriteSettings.NORMAL_RAM_BUFFER_MB,
        s.bulkRamBufferMbForHeap(gib / 4),
        "a small heap: the normal buffer");
  }

  @Test
  void aBulkIntervalShorterThanTheNormalOneIsRefused() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new WriteSettings(1000, 500, 512, 2));
    assertEquals("bulkIntervalMs must be at least intervalMs (1000), got: 500", e.getMessage());
    IllegalArgumentException threads =
        assertThrows(IllegalArgumentException.class, () -> new WriteSettings(1000, 30_000, 512, 0));
    assertEquals("mergeThreads must be at least 1, got: 0", threads.getMessage());
  }
}
