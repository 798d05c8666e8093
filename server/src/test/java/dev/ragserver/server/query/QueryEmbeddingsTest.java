package dev.ragserver.server.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.ragserver.model.Embedding;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A repeated query skips the model and gets the same vector; the cache keeps at most its size. */
class QueryEmbeddingsTest {
  private static Embedding vector(float x) {
    return new Embedding(new float[] {x, 0}, null, null, 1, false);
  }

  @Test
  void aRepeatedQueryIsAnsweredFromTheCacheWithTheSameVector() {
    QueryEmbeddings cache = new QueryEmbeddings(2);
    AtomicInteger runs = new AtomicInteger();
    Embedding first = cache.get("m", "tides", () -> vector(runs.incrementAndGet()));
    Embedding again = cache.get("m", "tides", () -> vector(runs.incrementAndGet()));
    assertSame(first, again);
    assertEquals(1, runs.get());
    cache.get("other-model", "tides", () -> vector(runs.incrementAndGet()));
    assertEquals(2, runs.get(), "another model's vector is its own");
    assertEquals(1, cache.hits());
    assertEquals(2, cache.misses());
  }

  @Test
  void theLeastRecentlyUsedQueryMakesRoomAndSizeZeroKeepsNothing() {
    QueryEmbeddings cache = new QueryEmbeddings(2);
    AtomicInteger runs = new AtomicInteger();
    cache.get("m", "a", () -> vector(runs.incrementAndGet()));
    cache.get("m", "b", () -> vector(runs.incrementAndGet()));
    cache.get("m", "a", () -> vector(runs.incrementAndGet()));
    cache.get("m", "c", () -> vector(runs.incrementAndGet())); // drops b, the least recently used
    assertEquals(2, cache.kept());
    cache.get("m", "a", () -> vector(runs.incrementAndGet()));
    assertEquals(3, runs.get(), "a stayed");
    cache.get("m", "b", () -> vector(runs.incrementAndGet()));
    assertEquals(4, runs.get(), "b was dropped");
    QueryEmbeddings none = new QueryEmbeddings(0);
    none.get("m", "a", () -> vector(1));
    none.get("m", "a", () -> vector(1));
    assertEquals(0, none.kept());
    assertEquals(2, none.misses());
  }
}
