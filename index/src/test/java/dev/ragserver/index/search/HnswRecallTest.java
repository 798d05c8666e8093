package dev.ragserver.index.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragserver.config.MultiVectorPrecision;
import dev.ragserver.index.Registries;
import dev.ragserver.index.TestCollections;
import dev.ragserver.index.collection.CollectionIndex;
import dev.ragserver.index.collection.CollectionRegistry;
import dev.ragserver.index.filter.Filter;
import dev.ragserver.index.lucene.WriteSettings;
import dev.ragserver.index.schema.Chunk;
import dev.ragserver.index.schema.Modality;
import dev.ragserver.model.Embedding;
import dev.ragserver.model.EmbeddingPart;
import dev.ragserver.model.ModelInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dense leg at default settings finds what exact search finds: recall@10 ≥ 0.95. */
class HnswRecallTest {
  private static final int DOCS = 10_000;
  private static final int DIM = 64;
  private static final int QUERIES = 50;
  private static final ModelInfo DENSE_MODEL =
      new ModelInfo("dense-64", EnumSet.of(EmbeddingPart.DENSE), DIM, 0, 512, "");

  @TempDir static Path dir;
  private static CollectionRegistry registry;
  private static CollectionIndex collection;
  private static float[][] vectors;

  @BeforeAll
  static void index() {
    Random random = new Random(42);
    vectors = new float[DOCS][];
    for (int i = 0; i < DOCS; i++) {
      vectors[i] = TestCollections.randomUnit(random, DIM);
    }
    registry = TestCollections.registry(dir);
    collection =
        registry.create(
            "hnsw", TestCollections.settings(MultiVectorPrecision.INT8), DENSE_MODEL, null);
    load(collection, false);
  }

  /**
   * Upserts every vector in batches of 1,000, committing each batch when asked (a segment each).
   */
  private static void load(CollectionIndex collection, boolean commitEachBatch) {
    List<Chunk> batch = new ArrayList<>();
    for (int i = 0; i < DOCS; i++) {
      batch.add(
          new Chunk(
              "c" + i,
              "d" + i,
              0,
              "t",
              "",
              "",
              0,
              0,
              0,
              1,
              List.of(),
              Modality.TEXT,
              Map.of("bucket", i % 100),
              new Embedding(vectors[i], null, null, 2, false),
              null));
      if (batch.size() == 1000) {
        collection.upsert(batch);
        batch.clear();
        if (commitEachBatch) {
          collection.commit();
        }
      }
    }
    collection.commit();
  }

  @AfterAll
  static void close() {
    registry.close();
  }

  private static double recall(Filter filter, int bucket) {
    return recall(collection, filter, bucket);
  }

  private static double recall(CollectionIndex collection, Filter filter, int bucket) {
    Random random = new Random(7);
    double found = 0;
    for (int q = 0; q < QUERIES; q++) {
      float[] query = TestCollections.randomUnit(random, DIM);
      Set<String> exact =
          new HashSet<>(
              IntStream.range(0, DOCS)
                  .boxed()
                  .filter(i -> filter == null || i % 100 == bucket)
                  .sorted(
                      (a, b) ->
                          Float.compare(
                              TestCollections.dot(query, vectors[b]),
                              TestCollections.dot(query, vectors[a])))
                  .limit(10)
                  .map(i -> "c" + i)
                  .toList());
      SearchRequest request =
          SearchRequest.of(
                  new QueryInput(null, new Embedding(query, null, null, 2, false), null), 10)
              .withLegs(List.of(LegSpec.of(Leg.DENSE)))
              .withFilter(filter);
      for (Hit h : collection.search(request).hits()) {
        if (exact.contains(h.chunk().chunkId())) {
          found++;
        }
      }
    }
    return found / (QUERIES * 10.0);
  }

  @Test
  void recallAt10IsAtLeast95PercentWithoutAFilter() {
    double recall = recall(null, 0);
    assertTrue(recall >= 0.95, "recall@10 = " + recall);
  }

  @Test
  void recallAt10IsAtLeast95PercentWithAFilterKeepingOnePercent() {
    double recall = recall(new Filter.Equals("bucket", 17), 17);
    assertTrue(recall >= 0.95, "recall@10 = " + recall);
  }

  @Test
  void recallAt10HoldsAfterTenSegmentsMergeOnTwoThreads(@TempDir Path other) {
    // index.hnsw_merge_threads' default: Lucene's concurrent merge, the largest segment's graph
    // kept and the other vectors inserted into it
    try (CollectionRegistry merging =
        Registries.embedded(other, new WriteSettings(50, 50, 128, 2), TestCollections.SEARCH)) {
      CollectionIndex merged =
          merging.create(
              "merged", TestCollections.settings(MultiVectorPrecision.INT8), DENSE_MODEL, null);
      load(merged, true);
      assertTrue(merged.stats().segments() > 1, "one segment per committed batch");
      merged.forceMerge(1);
      assertEquals(1, merged.stats().segments());
      double recall = recall(merged, null, 0);
      // a graph merged from ten segments of these random vectors finds 0.93-0.95 at the default
      // candidates with either merge (measured over repeated runs; neither is deterministic, as
      // background merges interleave with the commits): below 0.92 the merge lost part of it
      assertTrue(recall >= 0.92, "recall@10 = " + recall);
    }
  }
}
