package dev.ragserver.opensearch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ragserver.index.collection.CollectionIndex;
import dev.ragserver.index.collection.CollectionRegistry;
import dev.ragserver.index.filter.Filter;
import dev.ragserver.index.opensearch.OpenSearchClient;
import dev.ragserver.index.opensearch.OpenSearchCollection;
import dev.ragserver.index.schema.Chunk;
import dev.ragserver.index.search.QueryInput;
import dev.ragserver.index.search.SearchRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same writes on both backends of {@code CollectionIndex} leave the same collection: upserts
 * that replace a document's chunks (fewer chunks than before included), deletes by id and by
 * filter, and then the same documents, stats, id listing, first chunks and search results.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(SharedCluster.class)
class CollectionParityTest {
  @TempDir static Path dir;
  private OpenSearchClient client;
  private CollectionRegistry registry;
  private ExecutorService executor;
  private CollectionIndex lucene;
  private CollectionIndex opensearch;

  @BeforeAll
  void start(LocalCluster cluster) {
    client = cluster.client();
    registry = ParityFixture.registry(dir.resolve("lucene"));
    lucene = ParityFixture.lucene(registry, "both");
    executor = Executors.newFixedThreadPool(2);
    client.deleteIndex("rag-collection-parity");
    OpenSearchCollection.createIndex(client, "rag-collection-parity", lucene.manifest(), 2, 1);
    opensearch =
        new OpenSearchCollection(
            dir.resolve("opensearch"),
            lucene.manifest(),
            client,
            "rag-collection-parity",
            "rag-",
            ParityFixture.SEARCH,
            executor);
  }

  @AfterAll
  void stop() {
    if (executor != null) {
      executor.shutdownNow();
    }
    if (registry != null) {
      registry.close();
    }
    if (client != null) {
      client.close();
    }
  }

  private void onBoth(java.util.function.Consumer<CollectionIndex> write) {
    for (CollectionIndex c : List.of(lucene, opensearch)) {
      write.accept(c);
      c.commit();
      c.refresh();
    }
  }

  @Test
  void theSameWritesLeaveTheSameCollectionOnBothBackends() {
    List<Chunk> all = ParityFixture.chunks();
    onBoth(c -> assertEquals(4, c.upsert(all)));
    // "manual" comes back with one chunk instead of two: the second must be gone on both
    onBoth(c -> c.upsert(List.of(all.get(0))));
    onBoth(c -> c.deleteDocuments(List.of("tides")));
    long[] deleted = new long[2];
    lucene.commit();
    deleted[0] = lucene.deleteByFilter(new Filter.Equals("modality", "image"));
    deleted[1] = opensearch.deleteByFilter(new Filter.Equals("modality", "image"));
    onBoth(c -> {});
    assertEquals(deleted[0], deleted[1], "chunks deleted by the filter");
    assertEquals(1, deleted[1]);

    assertEquals(lucene.documentIds(""), opensearch.documentIds(""));
    assertEquals(List.of("manual", "notes"), opensearch.documentIds(""));
    assertEquals(lucene.documentIds("no"), opensearch.documentIds("no"));
    for (String id : List.of("manual", "notes", "tides")) {
      assertEquals(lucene.document(id), opensearch.document(id), "chunks of " + id);
      assertEquals(lucene.firstChunk(id), opensearch.firstChunk(id), "first chunk of " + id);
    }
    assertEquals(1, opensearch.document("manual").size());
    assertEquals(lucene.stats().documents(), opensearch.stats().documents());
    assertEquals(lucene.stats().chunks(), opensearch.stats().chunks());
    assertEquals(3, opensearch.stats().chunks());

    SearchRequest query =
        SearchRequest.of(QueryInput.text("lighthouse lamp notes", all.get(1).embedding()), 10);
    assertEquals(
        lucene.search(query).hits().stream().map(h -> h.chunk().chunkId()).toList(),
        opensearch.search(query).hits().stream().map(h -> h.chunk().chunkId()).toList());
  }
}
