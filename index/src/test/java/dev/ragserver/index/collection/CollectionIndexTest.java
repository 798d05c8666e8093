package dev.ragserver.index.collection;

import static dev.ragserver.index.TestCollections.chunk;
import static dev.ragserver.index.TestCollections.embedding;
import static dev.ragserver.index.TestCollections.unit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragserver.config.MultiVectorPrecision;
import dev.ragserver.index.IndexException;
import dev.ragserver.index.TestCollections;
import dev.ragserver.index.filter.Filter;
import dev.ragserver.index.schema.Chunk;
import dev.ragserver.index.schema.Modality;
import dev.ragserver.index.schema.StoredChunk;
import dev.ragserver.index.search.Leg;
import dev.ragserver.index.search.LegSpec;
import dev.ragserver.index.search.QueryInput;
import dev.ragserver.index.search.SearchRequest;
import dev.ragserver.model.Embedding;
import dev.ragserver.model.EmbeddingPart;
import dev.ragserver.model.ModelInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.CheckIndex;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CollectionIndexTest {
  @TempDir Path dir;

  private static Chunk simple(String doc, int n, String text) {
    return chunk(
        doc, n, text, embedding(unit(1, n, 0, 0), Map.of(1, 0.5f), unit(1, 0, 0, 0)), Map.of());
  }

  @Test
  void collectionsAreCreatedListedDescribedAndDeleted() {
    try (CollectionRegistry registry = TestCollections.registry(dir)) {
      CollectionIndex c = TestCollections.create(registry, "alpha");
      TestCollections.create(registry, "beta");
      c.upsert(List.of(simple("d1", 0, "one"), simple("d1", 1, "two"), simple("d2", 0, "three")));
      c.commit();
      assertEquals(List.of("alpha", "beta"), registry.list());
      CollectionRegistry.Description d = registry.describe("alpha", TestCollections.MODEL);
      assertEquals(2, d.stats().documents());
      assertEquals(3, d.stats().chunks());
      assertTrue(d.stats().bytesOnDisk() > 0);
      assertEquals("test-model", d.manifest().model().id());
      assertEquals(MultiVectorPrecision.FP32, d.manifest().settings().multiVectorPrecision());
      registry.delete("beta");
      assertEquals(List.of("alpha"), registry.list());
      assertFalse(Files.exists(dir.resolve("beta")));
      assertThrows(
          CollectionRegistry.UnknownCollectionException.class, () -> registry.delete("beta"));
      assertThrows(IndexException.class, () -> TestCollections.create(registry, "alpha"));
      assertThrows(
          IllegalArgumentException.class, () -> TestCollections.create(registry, "Bad Name"));
    }
  }

  @Test
  void writesBecomeSearchableWithinTheRefreshIntervalWithoutACommit() throws InterruptedException {
    try (CollectionRegistry registry = TestCollections.registry(dir)) {
      CollectionIndex c = TestCollections.create(registry, "nrt");
      c.upsert(List.of(simple("fresh", 0, "near real time")));
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (c.document("fresh").isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertEquals(1, c.document("fresh").size(), "visible after the 50 ms refresh interval");
    }
  }

  @Test
  void collectionsSurviveARestart() {
    try (CollectionRegistry registry = TestCollections.registry(dir)) {
      CollectionIndex c = TestCollections.create(registry, "keep");
      c.upsert(List.of(simple("d1", 0, "persisted text")));
      c.commit();
    }
    try (CollectionRegistry registry = TestCollections.registry(dir)) {
      assertEquals(1, registry.get("keep", TestCollections.MODEL).document("d1").size());
    }
  }

  @Test
  void openingWithAnotherModelSaysWhichModelBuiltIt() {
    try (CollectionRegistry registry = TestCollections.registry(dir)) {
      TestCollections.create(registry, "m");
    }
    ModelInfo other = new ModelInfo("bge-m3", EmbeddingPart.all(), 1024, 1024, 8192, "");
    try (CollectionRegistry registry = TestCollections.registry(dir)) {
      IndexException e = assertThrows(IndexException.class, () -> registry.get("m", other));
      assertTrue(
          e.getMessage().contains("holds embeddings of test-model (dense 4 dims"), e.getMessage());
      assertTrue(
          e.getMessage().contains("embedded with here is bge-m3 (dense 1024 dims"), e.getMessage());
      assertTrue(e.getMessage().contains("models.test-model"), e.getMessage());
    }
  }

  @Test
  void aNewerOrOlderSchemaSaysWhatToDo() throws IOException {
    try (CollectionRegistry registry = TestCollections.registry(dir)) {
      TestCollections.create(registry, "s");
    }
    Path manifest = dir.resolve("s").resolve("manifest.json");
    String json = Files.readString(manifest);
    Files.writeString(manifest, json.replace("\"schema_version\" : 1", "\"schema_version\" : 99"));
    try (CollectionRegistry registry = TestCollections.registry(dir)) {
      IndexException e =
          assertThrows(IndexException.class, () -> registry.get("s", TestCollections.MODEL));
      assertTrue(
          e.getMessage().contains("written by a newer rag (index schema 99)"), e.getMessage());
      assertTrue(e.getMessage().contains("upgrade the server"), e.getMessage());
    }
    Files.writeString(manifest, json.replace("\"schema_version\" : 1", "\"schema_version\" : 0"));
    try (CollectionRegistry registry = TestCollections.registry(dir)) {
      IndexException e =
          assertThrows(IndexException.class, () -> registry.get("s", TestCollections.MODEL));
      assertTrue(e.getMessage().contains("re-create it and re-ingest"), e.getMessage());
    }
  }

  @Test
  void upsertReplacesEveryChunkOfTheDocument() {
    try (CollectionRegistry registry = TestCollections.registry(dir)) {
      CollectionIndex c = TestCollections.create(registry, "u");
      c.upsert(
          List.of(
              simple("doc", 0, "old a"),
              simple("doc", 1, "old b"),
              simple("doc", 2, "old c"),
              simple("other", 0, "untouched")));
      c.commit();
      c.upsert(List.of(simple("doc", 0, "new a"), simple("doc", 1, "new b")));
      c.commit();
      List<StoredChunk> chunks = c.document("doc");
      assertEquals(List.of("new a", "new b"), chunks.stream().map(StoredChunk::text).toList());
      assertEquals(1, c.document("other").size());
    }
  }

  @Test
  void documentIdsByPrefixAndFirstChunkSeeOnlyLiveDocuments() {
    try (CollectionRegistry registry = TestCollections.registry(dir)) {
      CollectionIndex c = TestCollections.create(registry, "ids");
      c.upsert(
          List.of(
              simple("/docs/a.md", 1, "a1"),
              simple("/docs/a.md", 0, "a0"),
              simple("/docs/b.md", 0, "b"),
              simple("/other/c.md", 0, "c"),
              simple("/docs", 0, "not under the folder")));
      c.commit();
      c.deleteDocuments(List.of("/docs/b.md"));
      c.commit();
      assertEquals(List.of("/docs/a.md"), c.documentIds("/docs/"));
      assertEquals(List.of("/docs", "/docs/a.md", "/other/c.md"), c.documentIds(""));
      assertEquals(List.of(), c.documentIds("/zzz"));
      assertEquals("a0", c.firstChunk("/docs/a.md").orElseThrow().text());
      assertTrue(c.firstChunk("/docs/b.md").isEmpty());
      assertEquals(3, c.stats().documents());
    }
  }

  @Test
  void deleteByIdsAndByFilter() {
    try (CollectionRegistry registry = TestCollections.registry(dir)) {
      CollectionIndex c = TestCollections.create(registry, "del");
      List<Chunk> chunks = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        chunks.add(
            chunk(
                "d" + i,
                0,
                "text " + i,
                embedding(unit(1, i, 0, 0), Map.of(1, 1f), unit(1, 0, 0, 0)),
                Map.of("team", i % 2 == 0 ? "red" : "blue")));
      }
      c.upsert(chunks);
      c.commit();
      c.deleteDocuments(List.of("d0", "d1"));
      c.commit();
      assertEquals(4, c.stats().chunks());
      assertEquals(2, c.deleteByFilter(new Filter.Equals("team", "red")));
      c.commit();
      assertEquals(2, c.stats().chunks());
      assertTrue(c.document("d2").isEmpty());
      assertEquals(1, c.document("d3").size());
    }
  }

  @Test
  void chunksWithoutOptionalFieldsAndSeveralSegmentsAreSearchable() throws IOException {
    try (CollectionRegistry registry = TestCollections.registry(dir)) {
      CollectionIndex c = TestCollections.create(registry, "seg");
      for (int batch = 0; batch < 4; batch++) {
        List<Chunk> chunks = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
          String doc = "b" + batch + "d" + i;
          // no title, no source, no pages, no metadata, no sparse part, no token vectors
          Embedding denseOnly = new Embedding(unit(1, batch, i, 1), null, null, 3, false);
          chunks.add(
              new Chunk(
                  doc + "#0",
                  doc,
                  0,
                  "plain text " + batch + " " + i,
                  null,
                  null,
                  0,
                  0,
                  0,
                  10,
                  null,
                  Modality.TEXT,
                  null,
                  denseOnly,
                  null));
        }
        c.upsert(chunks);
        c.commit();
      }
      assertTrue(c.stats().segments() > 1, "segments: " + c.stats().segments());
      var result =
          c.search(
              SearchRequest.of(
                  QueryInput.text(
                      "plain",
                      TestCollections.embedding(unit(1, 0, 0, 1), Map.of(1, 1f), unit(1, 0, 0, 0))),
                  30));
      assertEquals(20, result.hits().size());
      assertTrue(result.legs().contains(Leg.COLBERT));
      var colbertOnly =
          c.search(
              SearchRequest.of(
                      QueryInput.text(
                          "plain",
                          TestCollections.embedding(
                              unit(1, 0, 0, 1), Map.of(1, 1f), unit(1, 0, 0, 0))),
                      5)
                  .withLegs(List.of(LegSpec.of(Leg.SPARSE))));
      assertTrue(colbertOnly.hits().isEmpty(), "no chunk has sparse weights");
      StoredChunk any = result.hits().get(0).chunk();
      assertEquals("", any.title());
      assertEquals(0, any.pageStart());
      assertEquals(Map.of(), any.metadata());
      c.commit();
    }
    try (var d = FSDirectory.open(dir.resolve("seg").resolve("index"));
        CheckIndex check = new CheckIndex(d)) {
      assertTrue(check.checkIndex().clean);
    }
  }

  @Test
  void chunksThatDoNotFitTheModelAreRejected() {
    try (CollectionRegistry registry = TestCollections.registry(dir)) {
      CollectionIndex c = TestCollections.create(registry, "fit");
      Chunk wrongDims =
          chunk("d", 0, "x", new Embedding(new float[] {1, 0}, null, null, 2, false), Map.of());
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> c.upsert(List.of(wrongDims)));
      assertEquals(
          "chunk d#0 has a dense vector of 2 dimensions; collection fit holds 4", e.getMessage());
    }
    ModelInfo denseOnly = new ModelInfo("dense", EnumSet.of(EmbeddingPart.DENSE), 4, 0, 512, "");
    try (CollectionRegistry registry = TestCollections.registry(dir.resolve("2"))) {
      CollectionIndex c =
          registry.create(
              "d", TestCollections.settings(MultiVectorPrecision.INT8), denseOnly, null);
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class, () -> c.upsert(List.of(simple("x", 0, "y"))));
      assertTrue(e.getMessage().contains("does not produce"), e.getMessage());
    }
  }
}
