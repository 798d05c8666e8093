package dev.ragserver.opensearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragserver.index.collection.CollectionIndex;
import dev.ragserver.index.collection.CollectionRegistry;
import dev.ragserver.index.opensearch.OpenSearchClient;
import dev.ragserver.index.opensearch.OpenSearchCollection;
import dev.ragserver.index.schema.Chunk;
import dev.ragserver.index.schema.StoredChunk;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two writers over one OpenSearch index, as two servers have (a collection object and a client
 * each), upsert and delete the same document at the same moment, round after round: afterwards the
 * document holds exactly one writer's chunks (its count, its numbers, its text), or none after a
 * delete won, and never a mixture.
 */
@ExtendWith(SharedCluster.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RacingWritersOnOpenSearchTest {
  private static final String INDEX = "rag-racing-writers";
  private static final int ROUNDS = 25;

  @TempDir static Path dir;
  private final List<OpenSearchClient> clients = new ArrayList<>();
  private CollectionRegistry registry;
  private ExecutorService pool;
  private CollectionIndex a;
  private CollectionIndex b;

  @BeforeAll
  void start(LocalCluster cluster) {
    registry = ParityFixture.registry(dir.resolve("lucene"));
    CollectionIndex model = ParityFixture.lucene(registry, "racing");
    pool = Executors.newFixedThreadPool(4);
    OpenSearchClient setup = client(cluster);
    setup.deleteIndex(INDEX);
    OpenSearchCollection.createIndex(setup, INDEX, model.manifest(), 2, 1);
    a = writer(cluster, model, "a");
    b = writer(cluster, model, "b");
  }

  private OpenSearchClient client(LocalCluster cluster) {
    OpenSearchClient c = cluster.client();
    clients.add(c);
    return c;
  }

  private CollectionIndex writer(LocalCluster cluster, CollectionIndex model, String name) {
    return new OpenSearchCollection(
        dir.resolve(name),
        model.manifest(),
        client(cluster),
        INDEX,
        "rag-",
        ParityFixture.SEARCH,
        pool);
  }

  @AfterAll
  void stop() {
    if (pool != null) {
      pool.shutdownNow();
    }
    if (registry != null) {
      registry.close();
    }
    clients.forEach(OpenSearchClient::close);
  }

  private static List<Chunk> version(String doc, String word, int chunks) {
    List<Chunk> out = new ArrayList<>();
    for (int n = 0; n < chunks; n++) {
      out.add(ParityFixture.plain(doc, n, word + " part " + n + " of " + chunks));
    }
    return out;
  }

  /** Runs both at once (a barrier releases them together) and waits at most a minute. */
  private void race(Runnable first, Runnable second) throws Exception {
    CyclicBarrier start = new CyclicBarrier(2);
    List<CompletableFuture<Void>> both = new ArrayList<>();
    for (Runnable r : List.of(first, second)) {
      both.add(
          CompletableFuture.runAsync(
              () -> {
                try {
                  start.await(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
                r.run();
              },
              pool));
    }
    CompletableFuture.allOf(both.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
  }

  /** The words the document's chunks are of, checking they are one writer's whole set. */
  private String whole(String doc) {
    a.refresh();
    List<StoredChunk> chunks = a.document(doc);
    if (chunks.isEmpty()) {
      return "none";
    }
    String word = chunks.get(0).text().split(" ")[0];
    int count =
        Integer.parseInt(chunks.get(0).text().substring(chunks.get(0).text().lastIndexOf(' ') + 1));
    List<String> expected = new ArrayList<>();
    for (int n = 0; n < count; n++) {
      expected.add(word + " part " + n + " of " + count);
    }
    assertEquals(
        expected,
        chunks.stream().map(StoredChunk::text).toList(),
        "the document holds one writer's chunks, all of them and nothing else");
    return word;
  }

  @Test
  void twoWritersUpsertingOneDocumentLeaveOneWholeVersion() throws Exception {
    List<String> winners = new ArrayList<>();
    for (int round = 0; round < ROUNDS; round++) {
      String doc = "doc-" + (round % 3);
      // alternate which writer has more chunks, so either one's extra numbers must go
      int many = 7 + round % 5;
      int few = 1 + round % 3;
      List<Chunk> fromA = version(doc, "alpha" + round, round % 2 == 0 ? many : few);
      List<Chunk> fromB = version(doc, "beta" + round, round % 2 == 0 ? few : many);
      race(() -> a.upsert(fromA), () -> b.upsert(fromB));
      winners.add(whole(doc));
    }
    assertTrue(
        winners.stream().allMatch(w -> w.startsWith("alpha") || w.startsWith("beta")),
        "every round kept a version: " + winners);
  }

  @Test
  void anUpsertRacingADeleteLeavesTheWholeDocumentOrNone() throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      String doc = "deleted-" + (round % 2);
      a.upsert(version(doc, "before" + round, 6));
      List<Chunk> fresh = version(doc, "after" + round, 2 + round % 5);
      race(() -> a.upsert(fresh), () -> b.deleteDocuments(List.of(doc)));
      String left = whole(doc);
      assertTrue(
          left.equals("none") || left.equals("after" + round), "round " + round + ": " + left);
    }
  }

  @Test
  void aDocumentThatShrinksAndGrowsKeepsOnlyItsLatestChunks() {
    a.upsert(version("shrinks", "first", 9));
    b.upsert(version("shrinks", "second", 2));
    assertEquals("second", whole("shrinks"));
    a.upsert(version("shrinks", "third", 5));
    assertEquals("third", whole("shrinks"));
    b.deleteDocuments(List.of("shrinks"));
    assertEquals("none", whole("shrinks"));
  }
}
