package dev.ragserver.index.search;

import static dev.ragserver.index.TestCollections.chunk;
import static dev.ragserver.index.TestCollections.embedding;
import static dev.ragserver.index.TestCollections.unit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragserver.index.Registries;
import dev.ragserver.index.TestCollections;
import dev.ragserver.index.collection.CollectionIndex;
import dev.ragserver.index.collection.CollectionRegistry;
import dev.ragserver.index.filter.Filter;
import dev.ragserver.index.multivector.MaxSim;
import dev.ragserver.index.schema.StoredChunk;
import dev.ragserver.model.Embedding;
import dev.ragserver.model.MultiVector;
import dev.ragserver.model.SparseVector;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each leg's score against the formulas, and what fusion, filters, grouping and paging give. */
class HybridSearchTest {
  @TempDir Path dir;
  private CollectionRegistry registry;
  private CollectionIndex collection;
  private final List<Embedding> stored = new ArrayList<>();

  private static final float[] T1 = unit(1, 0, 0, 0);
  private static final float[] T2 = unit(0, 1, 0, 0);
  private static final float[] T3 = unit(0, 0, 1, 0);
  private static final float[] T4 = unit(0, 0, 0, 1);

  @BeforeEach
  void index() {
    registry = TestCollections.registry(dir);
    collection = TestCollections.create(registry, "docs");
    String[] texts = {
      "the cat sat on the mat", "dogs chase cats in the garden", "quantum physics of black holes",
      "a cat and a dog share a home", "stock markets fell sharply today",
          "the garden has roses and tulips"
    };
    float[][] dense = {
      unit(1, 0.2f, 0, 0),
      unit(0.8f, 0.6f, 0, 0),
      unit(0, 0, 1, 0.1f),
      unit(0.9f, 0.4f, 0.1f, 0),
      unit(0, 0, 0.2f, 1),
      unit(0.1f, 0.9f, 0, 0.2f)
    };
    List<Map<Integer, Float>> sparse =
        List.of(
            Map.of(10, 0.5f, 11, 0.25f),
            Map.of(10, 0.125f, 12, 0.75f),
            Map.of(20, 1f),
            Map.of(10, 0.375f, 12, 0.5f),
            Map.of(30, 0.875f),
            Map.of(12, 0.25f));
    float[][][] tokens = {{T1, T2}, {T2, T3}, {T3}, {T1, T4}, {T4}, {T2}};
    var chunks = new ArrayList<dev.ragserver.index.schema.Chunk>();
    for (int i = 0; i < texts.length; i++) {
      Embedding e = embedding(dense[i], sparse.get(i), tokens[i]);
      stored.add(e);
      String doc = i < 4 ? "animals" + (i / 2) : "other" + i;
      chunks.add(
          chunk(
              doc,
              i % 2,
              texts[i],
              e,
              Map.of(
                  "year",
                  2020 + i,
                  "lang",
                  i % 2 == 0 ? "en" : "de",
                  "published",
                  "2024-0" + (i + 1) + "-15")));
    }
    collection.upsert(chunks);
    collection.commit();
  }

  @AfterEach
  void close() {
    registry.close();
  }

  private static final Embedding QUERY =
      embedding(unit(1, 0.3f, 0, 0), Map.of(10, 0.5f, 12, 0.25f), T1, T2);

  private SearchRequest request(Leg... legs) {
    return SearchRequest.of(QueryInput.text("cat garden", QUERY), 10)
        .withLegs(java.util.Arrays.stream(legs).map(LegSpec::of).toList());
  }

  private Hit hit(SearchResult r, String chunkId) {
    return r.hits().stream()
        .filter(h -> h.chunk().chunkId().equals(chunkId))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void denseScoresAreCosines() {
    SearchResult r = collection.search(request(Leg.DENSE));
    assertEquals(6, r.hits().size());
    for (Hit h : r.hits()) {
      int i = index(h.chunk());
      assertEquals(
          TestCollections.dot(QUERY.dense(), stored.get(i).dense()),
          h.legs().get(Leg.DENSE).score(),
          1e-5);
    }
    assertEquals("animals0#0", r.hits().get(0).chunk().chunkId());
    assertEquals(1, r.hits().get(0).legs().get(Leg.DENSE).rank());
  }

  @Test
  void sparseScoresAreBgeM3LexicalScores() {
    SearchResult r = collection.search(request(Leg.SPARSE));
    assertEquals(4, r.hits().size(), "only chunks sharing a token match");
    for (Hit h : r.hits()) {
      float expected = QUERY.sparse().dot(stored.get(index(h.chunk())).sparse());
      // FeatureField keeps 9 significant bits of each stored weight
      assertEquals(expected, h.legs().get(Leg.SPARSE).score(), expected * 4e-3);
    }
  }

  @Test
  void colbertScoresFollowTheMeanMaxSimFormula() {
    SearchResult r = collection.search(request(Leg.DENSE, Leg.COLBERT));
    for (Hit h : r.hits()) {
      MultiVector doc = stored.get(index(h.chunk())).multiVector();
      assertEquals(MaxSim.exact(QUERY.multiVector(), doc), h.legs().get(Leg.COLBERT).score(), 1e-5);
    }
    // animals1#1 has T1 and T4: (max(1,0) + max(0,0)) / 2 = 0.5; animals0#0 has T1, T2: 1.0
    assertEquals(1.0f, hit(r, "animals0#0").legs().get(Leg.COLBERT).score(), 1e-5);
    assertEquals(0.5f, hit(r, "animals1#1").legs().get(Leg.COLBERT).score(), 1e-5);
  }

  @Test
  void colbertRescoresOnlyTheBestCandidatesOfTheFirstStageFusion() {
    SearchRequest fused =
        SearchRequest.of(QueryInput.text("cat garden", QUERY), 10)
            .withLegs(
                List.of(
                    LegSpec.of(Leg.DENSE),
                    LegSpec.of(Leg.SPARSE),
                    LegSpec.of(Leg.BM25),
                    new LegSpec(Leg.COLBERT, 2, Float.NaN)));
    SearchResult firstStage = collection.search(request(Leg.DENSE, Leg.SPARSE, Leg.BM25));
    List<String> best = firstStage.hits().stream().limit(2).map(h -> h.chunk().chunkId()).toList();
    SearchResult r = collection.search(fused);
    for (Hit h : r.hits()) {
      LegScore colbert = h.legs().get(Leg.COLBERT);
      if (best.contains(h.chunk().chunkId())) {
        assertEquals(
            MaxSim.exact(QUERY.multiVector(), stored.get(index(h.chunk())).multiVector()),
            colbert.score(),
            1e-5);
      } else {
        assertNull(
            colbert, h.chunk().chunkId() + " was not among the first stage's best two " + best);
      }
    }
  }

  @Test
  void rescoringManyCandidatesInParallelSlicesGivesEachItsOwnScore() {
    var chunks = new ArrayList<dev.ragserver.index.schema.Chunk>();
    java.util.Random random = new java.util.Random(9);
    Map<String, Embedding> byId = new java.util.HashMap<>();
    for (int i = 0; i < 80; i++) {
      float[][] tokens = {
        TestCollections.randomUnit(random, 4), TestCollections.randomUnit(random, 4)
      };
      Embedding e = embedding(TestCollections.randomUnit(random, 4), Map.of(10, 0.5f), tokens);
      byId.put("many" + i + "#0", e);
      chunks.add(chunk("many" + i, 0, "cat number " + i, e, Map.of()));
    }
    collection.upsert(chunks);
    collection.commit();
    SearchResult r =
        collection.search(
            SearchRequest.of(QueryInput.text("cat", QUERY), 80)
                .withLegs(
                    List.of(
                        LegSpec.of(Leg.DENSE),
                        LegSpec.of(Leg.BM25),
                        new LegSpec(Leg.COLBERT, 80, Float.NaN))));
    int scored = 0;
    for (Hit h : r.hits()) {
      Embedding e = byId.get(h.chunk().chunkId());
      if (e != null && h.legs().get(Leg.COLBERT) != null) {
        assertEquals(
            MaxSim.exact(QUERY.multiVector(), e.multiVector()),
            h.legs().get(Leg.COLBERT).score(),
            1e-5);
        scored++;
      }
    }
    assertTrue(scored >= 60, "most of the 80 candidates were rescored: " + scored);
  }

  @Test
  void bm25MatchesStemmedWords() {
    SearchResult r = collection.search(request(Leg.BM25));
    List<String> ids = r.hits().stream().map(h -> h.chunk().chunkId()).toList();
    assertTrue(ids.contains("animals0#1"), "'cats' matches 'cat' after stemming: " + ids);
    assertFalse(ids.contains("other4#0"), ids.toString());
    assertTrue(r.hits().get(0).legs().get(Leg.BM25).score() > 0);
  }

  @Test
  void noOptionsRunsEveryLegTheCollectionHasAndFusesByRrf() {
    SearchResult r = collection.search(SearchRequest.of(QueryInput.text("cat garden", QUERY), 10));
    assertEquals(List.of(Leg.DENSE, Leg.SPARSE, Leg.BM25, Leg.COLBERT), r.legs());
    Hit top = r.hits().get(0);
    float expected = 0;
    for (LegScore s : top.legs().values()) {
      expected += 1f / (60 + s.rank());
    }
    assertEquals(expected, top.score(), 1e-6);
    for (int i = 1; i < r.hits().size(); i++) {
      assertTrue(r.hits().get(i - 1).score() >= r.hits().get(i).score());
    }
  }

  @Test
  void configuredLegWeightsApplyWhenARequestGivesNone() {
    try (CollectionRegistry other =
        Registries.embedded(
            dir.resolve("w"),
            50,
            new dev.ragserver.config.SearchConfig(10, 100, 50, 5, 1000, 1, 1, 3, 1, 1, 32, 1024))) {
      CollectionIndex c = TestCollections.create(other, "w");
      c.upsert(
          List.of(chunk("d", 0, "cat", embedding(unit(1, 0, 0, 0), Map.of(10, 1f), T1), Map.of())));
      c.commit();
      Hit top = c.search(request(Leg.DENSE, Leg.BM25)).hits().get(0);
      assertEquals(1f / (5 + 1) + 3f / (5 + 1), top.score(), 1e-6, "dense 1 + bm25 3 at rank 1");
    }
  }

  @Test
  void defaultRrfUsesTheConfiguredK() {
    try (CollectionRegistry other =
        Registries.embedded(
            dir.resolve("k5"),
            50,
            new dev.ragserver.config.SearchConfig(10, 100, 50, 5, 1000, 1, 1, 1, 1, 1, 32, 1024))) {
      CollectionIndex c = TestCollections.create(other, "k5");
      c.upsert(
          List.of(chunk("d", 0, "cat", embedding(unit(1, 0, 0, 0), Map.of(10, 1f), T1), Map.of())));
      c.commit();
      Hit top = c.search(request(Leg.DENSE, Leg.BM25)).hits().get(0);
      assertEquals(2f / (5 + 1), top.score(), 1e-6);
      assertEquals(1f, top.normalizedScore(), 1e-6);
    }
  }

  @Test
  void aLegTheModelLacksIsAClearError() {
    SearchRequest textOnly =
        SearchRequest.of(new QueryInput("cat", null, null), 10)
            .withLegs(List.of(LegSpec.of(Leg.DENSE)));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> collection.search(textOnly));
    assertEquals("leg dense cannot run: the query has no dense vector", e.getMessage());
    IllegalArgumentException image =
        assertThrows(IllegalArgumentException.class, () -> collection.search(request(Leg.IMAGE)));
    assertTrue(image.getMessage().contains("no image model"), image.getMessage());
  }

  @Test
  void filtersApplyInsideEveryLeg() {
    Filter en = new Filter.Equals("lang", "en");
    for (Leg leg : List.of(Leg.DENSE, Leg.SPARSE, Leg.BM25)) {
      SearchResult r = collection.search(request(leg).withFilter(en));
      assertFalse(r.hits().isEmpty(), leg.key());
      r.hits().forEach(h -> assertEquals("en", h.chunk().metadata().get("lang"), leg.key()));
    }
    SearchResult dense = collection.search(request(Leg.DENSE).withFilter(en));
    assertEquals(3, dense.hits().size(), "kNN with the filter inside finds every matching chunk");
  }

  @Test
  void groupByDocumentKeepsTheBestChunksOfEach() {
    SearchResult best = collection.search(request(Leg.DENSE).withGroupBy(GroupBy.bestChunk()));
    List<String> docs = best.hits().stream().map(h -> h.chunk().documentId()).toList();
    assertEquals(docs.stream().distinct().toList(), docs, "one chunk per document");
    assertEquals(4, docs.size());
    SearchResult two = collection.search(request(Leg.DENSE).withGroupBy(new GroupBy(2)));
    assertEquals(6, two.hits().size());
  }

  @Test
  void pagingReturnsConsecutiveSlices() {
    SearchResult all = collection.search(request(Leg.DENSE, Leg.BM25));
    SearchResult page2 = collection.search(request(Leg.DENSE, Leg.BM25).withPage(2, 2));
    assertEquals(
        all.hits().subList(2, 4).stream().map(h -> h.chunk().chunkId()).toList(),
        page2.hits().stream().map(h -> h.chunk().chunkId()).toList());
    assertEquals(0, collection.search(request(Leg.DENSE).withPage(5, 100)).hits().size());
  }

  @Test
  void thresholdDropsHitsBelowTheNormalisedScore() {
    SearchRequest weighted =
        request(Leg.DENSE).withFusion(new Fusion.Weighted(Normalization.MIN_MAX));
    SearchResult r = collection.search(weighted.withScoreThreshold(0.5f));
    assertFalse(r.hits().isEmpty());
    r.hits().forEach(h -> assertTrue(h.normalizedScore() >= 0.5f));
    assertTrue(r.hits().size() < 6);
  }

  @Test
  void neighboursComeFromTheSameDocumentInOrder() {
    SearchResult r = collection.search(request(Leg.DENSE).withPage(1, 0).withNeighbours(1, 1));
    Hit top = r.hits().get(0);
    assertEquals("animals0#0", top.chunk().chunkId());
    assertEquals(
        List.of("animals0#1"), top.neighbours().stream().map(StoredChunk::chunkId).toList());
  }

  @Test
  void hitsCarryTheirCitationFields() {
    Hit h = collection.search(request(Leg.DENSE).withPage(1, 0)).hits().get(0);
    assertEquals("animals0", h.chunk().documentId());
    assertEquals("file:/animals0.txt", h.chunk().source());
    assertEquals(List.of("H1"), h.chunk().headingPath());
    assertEquals(2020, ((Number) h.chunk().metadata().get("year")).intValue());
    assertNull(h.legs().get(Leg.BM25));
  }

  private static int index(StoredChunk c) {
    String doc = c.documentId();
    if (doc.startsWith("other")) {
      return Integer.parseInt(doc.substring(5));
    }
    return Integer.parseInt(doc.substring(7)) * 2 + c.chunkNumber();
  }

  @Test
  void sparseQueryWeightsAbove64AreScaled() {
    Embedding big =
        new Embedding(QUERY.dense(), SparseVector.of(Map.of(10, 100f, 12, 50f)), null, 4, false);
    SearchResult r =
        collection.search(
            SearchRequest.of(QueryInput.text("x", big), 10)
                .withLegs(List.of(LegSpec.of(Leg.SPARSE))));
    Hit top = r.hits().get(0);
    float expected = big.sparse().dot(stored.get(index(top.chunk())).sparse());
    assertEquals(expected, top.legs().get(Leg.SPARSE).score(), expected * 4e-3);
  }

  @Test
  void aSearchPastItsDeadlineStopsInsteadOfAnsweringPartly() throws InterruptedException {
    dev.ragserver.model.concurrent.Deadline passed =
        dev.ragserver.model.concurrent.Deadline.after(java.time.Duration.ZERO);
    Thread.sleep(1);
    for (Leg leg : List.of(Leg.DENSE, Leg.SPARSE, Leg.BM25, Leg.COLBERT)) {
      assertThrows(
          dev.ragserver.model.concurrent.DeadlineExceededException.class,
          () -> collection.search(request(leg).withDeadline(passed)),
          leg + " leg");
    }
    dev.ragserver.model.concurrent.Deadline ample =
        dev.ragserver.model.concurrent.Deadline.after(java.time.Duration.ofMinutes(1));
    assertEquals(
        collection.search(request(Leg.DENSE, Leg.BM25)).hits().stream()
            .map(h -> h.chunk().chunkId())
            .toList(),
        collection.search(request(Leg.DENSE, Leg.BM25).withDeadline(ample)).hits().stream()
            .map(h -> h.chunk().chunkId())
            .toList(),
        "a deadline that is not reached changes nothing");
  }
}
