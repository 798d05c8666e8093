package dev.ragserver.index.collection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragserver.index.TestCollections;
import dev.ragserver.index.filter.Filter;
import dev.ragserver.index.schema.Chunk;
import dev.ragserver.index.schema.StoredChunk;
import dev.ragserver.index.search.Leg;
import dev.ragserver.index.search.LegSpec;
import dev.ragserver.index.search.QueryInput;
import dev.ragserver.index.search.SearchRequest;
import dev.ragserver.model.Embedding;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every backend of {@link CollectionIndex} must do, run against each: the embedded one always
 * ({@code LuceneContractTest}), OpenSearch in {@code opensearch-it} on its real cluster. A backend
 * that does not keep one of {@link Guarantees} declares it, and the test of that promise checks the
 * declaration instead.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
public abstract class CollectionContract {
  @TempDir protected Path dir;

  /** A registry over this folder whose new collections go to the backend under test. */
  protected abstract CollectionRegistry registry(Path folder);

  /** A new collection of the test model on the backend under test. */
  protected abstract CollectionIndex create(CollectionRegistry registry, String name);

  /** The guarantees the backend under test is documented to give. */
  protected abstract Guarantees expectedGuarantees();

  private static Chunk simple(String doc, int number, String text) {
    return TestCollections.chunk(
        doc,
        number,
        text,
        TestCollections.embedding(
            TestCollections.unit(1, number, 0, 0), Map.of(1, 1f), TestCollections.unit(1, 0, 0, 0)),
        Map.of("team", number % 2 == 0 ? "red" : "blue"));
  }

  private static void write(CollectionIndex c, List<Chunk> chunks) {
    c.upsert(chunks);
    c.commit();
    c.refresh();
  }

  @Test
  void theBackendDeclaresItsGuarantees() {
    try (CollectionRegistry registry = registry(dir.resolve("g"))) {
      assertEquals(expectedGuarantees(), create(registry, "g").guarantees());
    }
  }

  @Test
  void anUpsertReplacesEveryChunkOfItsDocumentAndNoOther() {
    try (CollectionRegistry registry = registry(dir.resolve("u"))) {
      CollectionIndex c = create(registry, "u");
      write(
          c,
          List.of(
              simple("doc", 0, "old a"),
              simple("doc", 1, "old b"),
              simple("doc", 2, "old c"),
              simple("other", 0, "untouched")));
      write(c, List.of(simple("doc", 0, "new a"), simple("doc", 1, "new b")));
      assertEquals(
          List.of("new a", "new b"), c.document("doc").stream().map(StoredChunk::text).toList());
      assertEquals(1, c.document("other").size());
      assertEquals(2, c.stats().documents());
      assertEquals(3, c.stats().chunks());
    }
  }

  @Test
  void idsByPrefixFirstChunksAndDeletesSeeOnlyLiveDocuments() {
    try (CollectionRegistry registry = registry(dir.resolve("d"))) {
      CollectionIndex c = create(registry, "d");
      List<Chunk> chunks = new ArrayList<>();
      chunks.add(simple("/docs/a.md", 1, "a1"));
      chunks.add(simple("/docs/a.md", 0, "a0"));
      for (int i = 0; i < 4; i++) {
        chunks.add(simple("/other/" + i, i, "text " + i));
      }
      write(c, chunks);
      c.deleteDocuments(List.of("/other/0"));
      c.commit();
      c.refresh();
      assertEquals(List.of("/docs/a.md"), c.documentIds("/docs/"));
      assertEquals(List.of("/other/1", "/other/2", "/other/3"), c.documentIds("/other/"));
      assertEquals("a0", c.firstChunk("/docs/a.md").orElseThrow().text());
      assertTrue(c.firstChunk("/other/0").isEmpty());
      // red: chunk numbers 0 and 2 → "/docs/a.md"#0 and "/other/2"#2 are left
      assertEquals(2, c.deleteByFilter(new Filter.Equals("team", "red")));
      c.commit();
      c.refresh();
      assertEquals(
          List.of("a1"), c.document("/docs/a.md").stream().map(StoredChunk::text).toList());
      assertEquals(List.of("/docs/a.md", "/other/1", "/other/3"), c.documentIds(""));
    }
  }

  @Test
  void writesAreSearchableAfterARefreshAndDurableAfterACommit() {
    Path folder = dir.resolve("r");
    try (CollectionRegistry registry = registry(folder)) {
      CollectionIndex c = create(registry, "r");
      c.upsert(List.of(simple("lamp", 0, "the lighthouse lamp is trimmed at dusk")));
      c.refresh();
      SearchRequest bm25 =
          SearchRequest.of(QueryInput.text("lighthouse", null), 5)
              .withLegs(List.of(LegSpec.of(Leg.BM25)));
      assertEquals(
          List.of("lamp#0"), c.search(bm25).hits().stream().map(h -> h.chunk().chunkId()).toList());
      c.commit();
    }
    try (CollectionRegistry reopened = registry(folder)) {
      CollectionIndex c = reopened.get("r", TestCollections.MODEL);
      assertEquals(1, c.stats().chunks(), "a committed write survives closing and reopening");
      assertEquals("the lighthouse lamp is trimmed at dusk", c.document("lamp").get(0).text());
    }
  }

  @Test
  void aChunkThatDoesNotFitTheCollectionIsRefusedBeforeTheBackendWritesAnything() {
    try (CollectionRegistry registry = registry(dir.resolve("f"))) {
      CollectionIndex c = create(registry, "f");
      Chunk wrongDims =
          TestCollections.chunk(
              "bad", 0, "x", new Embedding(new float[] {1, 0}, null, null, 2, false), Map.of());
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> c.upsert(List.of(simple("good", 0, "fits"), wrongDims)));
      assertEquals(
          "chunk bad#0 has a dense vector of 2 dimensions; collection f holds 4", e.getMessage());
      c.commit();
      c.refresh();
      assertEquals(0, c.stats().chunks(), "nothing of the batch was written");
    }
  }

  @Test
  void readersNeverSeeHalfADocumentWhileWritersReplaceItWhereUpsertsAreAtomic() throws Exception {
    Assumptions.assumeTrue(
        expectedGuarantees().atomicDocumentUpsert(),
        "this backend declares that its upserts are not atomic per document");
    ExecutorService threads = Executors.newFixedThreadPool(3);
    try (CollectionRegistry registry = registry(dir.resolve("c"))) {
      CollectionIndex c = create(registry, "c");
      ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
      AtomicInteger searches = new AtomicInteger();
      CompletableFuture<Void> writer =
          CompletableFuture.runAsync(
              () -> {
                for (int version = 0; version < 60; version++) {
                  List<Chunk> chunks = new ArrayList<>();
                  for (int d = 0; d < 5; d++) {
                    for (int n = 0; n < 3; n++) {
                      chunks.add(
                          TestCollections.chunk(
                              "doc" + d,
                              n,
                              "shared words version " + version,
                              TestCollections.embedding(
                                  TestCollections.unit(1, d, n, version),
                                  Map.of(1, 1f),
                                  TestCollections.unit(1, 0, 0, 0)),
                              Map.of("version", version)));
                    }
                  }
                  c.upsert(chunks);
                  if (version % 10 == 0) {
                    c.commit();
                  } else {
                    c.refresh();
                  }
                }
              },
              threads);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      // readers stop when the writer ends, fails, or the deadline passes; a failure ends the test
      Runnable reader =
          () -> {
            SearchRequest request =
                SearchRequest.of(QueryInput.text("shared words", null), 100)
                    .withLegs(List.of(LegSpec.of(Leg.BM25)));
            while (!writer.isDone() && System.nanoTime() < deadline) {
              Map<String, List<Integer>> versions = new HashMap<>();
              for (var h : c.search(request).hits()) {
                versions
                    .computeIfAbsent(h.chunk().documentId(), k -> new ArrayList<>())
                    .add(((Number) h.chunk().metadata().get("version")).intValue());
              }
              versions.forEach(
                  (doc, v) -> {
                    if (v.size() != 3 || v.stream().distinct().count() != 1) {
                      problems.add(doc + " seen as " + v);
                    }
                  });
              searches.incrementAndGet();
            }
          };
      CompletableFuture<Void> r1 = CompletableFuture.runAsync(reader, threads);
      CompletableFuture<Void> r2 = CompletableFuture.runAsync(reader, threads);
      writer.get(90, TimeUnit.SECONDS);
      r1.get(90, TimeUnit.SECONDS);
      r2.get(90, TimeUnit.SECONDS);
      assertTrue(problems.isEmpty(), problems.toString());
      assertTrue(searches.get() > 0, "searches ran: " + searches.get());
      c.commit();
      c.refresh();
      assertEquals(15, c.stats().chunks());
    } finally {
      threads.shutdownNow();
    }
  }
}
