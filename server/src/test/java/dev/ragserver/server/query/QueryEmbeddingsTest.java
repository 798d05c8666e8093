package dev.ragserver.server.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.ragserver.index.search.Leg;
import dev.ragserver.index.search.LegSpec;
import dev.ragserver.index.search.QueryLimits;
import dev.ragserver.index.search.SearchOptions;
import dev.ragserver.model.Embedding;
import dev.ragserver.model.EmbeddingPart;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A repeated query skips the model and gets the same vector; the cache keeps at most its size; a
 * query embeds only the parts its legs need.
 */
class QueryEmbeddingsTest {
  private static final Set<EmbeddingPart> ALL =
      EnumSet.of(EmbeddingPart.DENSE, EmbeddingPart.MULTI_VECTOR);

  private static Embedding vector(float x) {
    return new Embedding(new float[] {x, 0}, null, null, 1, false);
  }

  @Test
  void aRepeatedQueryIsAnsweredFromTheCacheWithTheSameVector() {
    QueryEmbeddings cache = new QueryEmbeddings(2);
    AtomicInteger runs = new AtomicInteger();
    Embedding first = cache.get("m", "tides", ALL, () -> vector(runs.incrementAndGet()));
    Embedding again = cache.get("m", "tides", ALL, () -> vector(runs.incrementAndGet()));
    assertSame(first, again);
    assertEquals(1, runs.get());
    cache.get("other-model", "tides", ALL, () -> vector(runs.incrementAndGet()));
    assertEquals(2, runs.get(), "another model's vector is its own");
    cache.get("m", "tides", EnumSet.of(EmbeddingPart.DENSE), () -> vector(runs.incrementAndGet()));
    assertEquals(3, runs.get(), "a dense-only embedding is not the full one");
    assertEquals(1, cache.hits());
    assertEquals(3, cache.misses());
  }

  @Test
  void theLeastRecentlyUsedQueryMakesRoomAndSizeZeroKeepsNothing() {
    QueryEmbeddings cache = new QueryEmbeddings(2);
    AtomicInteger runs = new AtomicInteger();
    cache.get("m", "a", ALL, () -> vector(runs.incrementAndGet()));
    cache.get("m", "b", ALL, () -> vector(runs.incrementAndGet()));
    cache.get("m", "a", ALL, () -> vector(runs.incrementAndGet()));
    cache.get(
        "m", "c", ALL, () -> vector(runs.incrementAndGet())); // drops b, the least recently used
    assertEquals(2, cache.kept());
    cache.get("m", "a", ALL, () -> vector(runs.incrementAndGet()));
    assertEquals(3, runs.get(), "a stayed");
    cache.get("m", "b", ALL, () -> vector(runs.incrementAndGet()));
    assertEquals(4, runs.get(), "b was dropped");
    QueryEmbeddings none = new QueryEmbeddings(0);
    none.get("m", "a", ALL, () -> vector(1));
    none.get("m", "a", ALL, () -> vector(1));
    assertEquals(0, none.kept());
    assertEquals(2, none.misses());
  }

  @Test
  void aQueryEmbedsOnlyThePartsItsLegsNeed() {
    Set<EmbeddingPart> model = EnumSet.of(EmbeddingPart.DENSE, EmbeddingPart.MULTI_VECTOR);
    assertEquals(model, QueryService.textParts(legs(), model), "no legs named: every part");
    assertEquals(EnumSet.of(EmbeddingPart.DENSE), QueryService.textParts(legs(Leg.DENSE), model));
    assertEquals(
        model,
        QueryService.textParts(legs(Leg.COLBERT), model),
        "ColBERT alone rescores the dense leg's candidates: both parts");
    assertEquals(
        EnumSet.of(EmbeddingPart.MULTI_VECTOR),
        QueryService.textParts(legs(Leg.BM25, Leg.COLBERT), model));
    assertEquals(Set.of(), QueryService.textParts(legs(Leg.BM25), model), "BM25 needs no model");
    assertEquals(
        Set.of(), QueryService.textParts(legs(Leg.SPARSE), model), "a part the model lacks");
  }

  private static SearchOptions legs(Leg... legs) {
    return SearchOptions.builder(null, QueryLimits.WIDEST)
        .topK(10)
        .legs(Arrays.stream(legs).map(LegSpec::of).toList())
        .build();
  }
}
