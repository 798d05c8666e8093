package dev.ragserver.opensearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ragserver.config.AnalyzerLanguage;
import dev.ragserver.config.MultiVectorPrecision;
import dev.ragserver.config.Quantization;
import dev.ragserver.index.collection.CollectionIndex;
import dev.ragserver.index.collection.CollectionManifest;
import dev.ragserver.index.collection.CollectionRegistry;
import dev.ragserver.index.collection.CollectionSettings;
import dev.ragserver.index.filter.Filter;
import dev.ragserver.index.filter.Filters;
import dev.ragserver.index.opensearch.OpenSearchClient;
import dev.ragserver.index.opensearch.OpenSearchDocuments;
import dev.ragserver.index.opensearch.OpenSearchFilters;
import dev.ragserver.index.opensearch.OpenSearchMapping;
import dev.ragserver.index.schema.Chunk;
import dev.ragserver.index.schema.ChunkFields;
import dev.ragserver.index.schema.StoredChunk;
import dev.ragserver.model.EmbeddingPart;
import dev.ragserver.tools.bench.index.CommittedIndex;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.lucene.search.ScoreDoc;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The backend's mapping, bulk and search calls against a real two-node cluster. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(SharedCluster.class)
class OpenSearchClusterTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private LocalCluster cluster;
  private OpenSearchClient client;

  @BeforeAll
  void start(LocalCluster shared) throws Exception {
    cluster = shared;
    client = cluster.client();
  }

  @AfterAll
  void stop() throws Exception {
    if (client != null) {
      client.close();
    }
  }

  private static CollectionManifest manifest(String name) {
    return new CollectionManifest(
        1,
        name,
        "2026-11-27T00:00:00Z",
        new CollectionManifest.ModelSpec("tiny", EnumSet.allOf(EmbeddingPart.class), 3, 3),
        null,
        new CollectionSettings(
            AnalyzerLanguage.ENGLISH, 16, 100, Quantization.NONE, MultiVectorPrecision.INT8),
        null);
  }

  private static ObjectNode chunk(
      String doc, int number, String text, float[] dense, int token, float weight, int year) {
    ObjectNode c = JSON.createObjectNode();
    c.put("chunk_id", doc + "#" + number)
        .put("doc_id", doc)
        .put("chunk_no", number)
        .put("text", text);
    c.putArray("dense").add(dense[0]).add(dense[1]).add(dense[2]);
    c.putObject("sparse").put(Integer.toString(token), weight);
    c.putObject("metadata").put("year", year);
    c.putObject("meta_n").put("year", (double) year);
    return c;
  }

  private List<OpenSearchClient.BulkAction> corpus() {
    List<OpenSearchClient.BulkAction> out = new ArrayList<>();
    out.add(
        new OpenSearchClient.BulkAction.Index(
            "cats#0",
            chunk(
                "cats", 0, "Cats chase mice in the barn", new float[] {1, 0, 0}, 10, 0.5f, 2020)));
    out.add(
        new OpenSearchClient.BulkAction.Index(
            "dogs#0",
            chunk(
                "dogs",
                0,
                "Dogs guard the garden gate",
                new float[] {0.6f, 0.8f, 0},
                10,
                0.125f,
                2021)));
    out.add(
        new OpenSearchClient.BulkAction.Index(
            "tide#0",
            chunk("tide", 0, "Spring tides follow the moon", new float[] {0, 0, 1}, 20, 1f, 2022)));
    return out;
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  @Test
  void everyFilterSelectsTheSameChunksOnBothBackendsAndChunksReadBackTheSame(@TempDir Path dir) {
    try (CollectionRegistry registry = ParityFixture.registry(dir)) {
      CollectionIndex lucene = ParityFixture.lucene(registry, "parity");
      List<Chunk> chunks = ParityFixture.chunks();
      lucene.upsert(chunks);
      lucene.commit();
      String index = "rag-parity";
      client.deleteIndex(index);
      client.createIndex(index, OpenSearchMapping.forCollection(lucene.manifest(), 2, 1));
      List<OpenSearchClient.BulkAction> actions = new ArrayList<>();
      for (Chunk c : chunks) {
        actions.add(
            new OpenSearchClient.BulkAction.Index(
                c.chunkId(),
                OpenSearchDocuments.source(
                    c, lucene.manifest().settings().multiVectorPrecision())));
      }
      assertEquals(List.of(), client.bulk(index, actions, true).failures());

      List<Filter> filters =
          List.of(
              new Filter.Equals("doc_id", "manual"),
              new Filter.Equals("modality", "IMAGE"),
              new Filter.Equals("source", "tides.html"),
              new Filter.Equals("chunk_no", 1),
              new Filter.Equals("page", 2),
              new Filter.Equals("lang", "en"),
              new Filter.Equals("metadata.year", 2019),
              new Filter.Equals("draft", true),
              new Filter.Equals("tags", "night"),
              new Filter.In("lang", List.of("de", "fr")),
              new Filter.Range("year", null, 2019, 2022, null),
              new Filter.Range("year", 2019, null, null, null),
              new Filter.Range("published", null, "2020-01-01", null, null),
              new Filter.Range("published", null, null, "2021-06-15T10:00:00Z", null),
              new Filter.Range("page", null, 2, null, 5),
              new Filter.Range("chunk_no", 0, null, null, null),
              new Filter.Exists("title"),
              new Filter.Exists("source"),
              new Filter.Exists("page"),
              new Filter.Exists("image"),
              new Filter.Exists("metadata.draft"),
              new Filter.Exists("text"),
              new Filter.And(
                  List.of(
                      new Filter.Equals("lang", "en"),
                      new Filter.Not(new Filter.Equals("modality", "image")))),
              new Filter.Or(
                  List.of(
                      new Filter.Equals("doc_id", "notes"),
                      new Filter.Range("year", 2021, null, null, null))),
              new Filter.Not(new Filter.Exists("metadata.lang")));
      for (Filter f : filters) {
        Set<String> expected =
            CommittedIndex.withSearcher(
                lucene,
                s -> {
                  try {
                    Set<String> ids = new TreeSet<>();
                    for (ScoreDoc d : s.search(Filters.toQuery(f), 100).scoreDocs) {
                      ids.add(ChunkFields.fromDocument(s.storedFields().document(d.doc)).chunkId());
                    }
                    return ids;
                  } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                  }
                });
        ObjectNode body = JSON.createObjectNode().put("size", 100);
        body.set("query", OpenSearchFilters.toQuery(f));
        Set<String> actual = new TreeSet<>();
        client
            .msearch(index, List.of(body))
            .get(0)
            .at("/hits/hits")
            .forEach(h -> actual.add(h.get("_id").asText()));
        assertEquals(expected, actual, "filter " + f);
        assertTrue(
            !expected.isEmpty() || f instanceof Filter.Not,
            "a filter that matches nothing proves little: " + f);
      }

      ObjectNode all = JSON.createObjectNode().put("size", 100);
      for (JsonNode hit : client.msearch(index, List.of(all)).get(0).at("/hits/hits")) {
        StoredChunk fromOpenSearch = OpenSearchDocuments.storedChunk(hit.get("_source"));
        StoredChunk fromLucene =
            lucene.document(fromOpenSearch.documentId()).stream()
                .filter(c -> c.chunkId().equals(fromOpenSearch.chunkId()))
                .findFirst()
                .orElseThrow();
        assertEquals(fromLucene, fromOpenSearch);
      }
    }
  }

  @Test
  void theClusterIsGreenWithEveryNode() {
    OpenSearchClient.Health h = client.health();
    assertEquals(LocalCluster.NODES, h.nodes());
    assertTrue(h.status().equals("green") || h.status().equals("yellow"), h.toString());
  }

  @Test
  void aCollectionsMappingIsAcceptedAndEachLegAnswersWithTheExpectedScores() {
    String index = "rag-legs";
    client.deleteIndex(index);
    client.createIndex(index, OpenSearchMapping.forCollection(manifest(index), 2, 1));
    assertEquals(List.of(), client.bulk(index, corpus(), true).failures());
    JsonNode knn =
        json(
            """
        {"size": 10, "query": {"knn": {"dense": {"vector": [1, 0, 0], "k": 10,
          "filter": {"range": {"meta_n.year": {"gte": 2021}}}}}}}""");
    JsonNode sparse =
        json(
            """
        {"size": 10, "query": {"bool": {"should": [
          {"rank_feature": {"field": "sparse.10", "linear": {}, "boost": 0.5}}]}}}""");
    JsonNode bm25 = json("{\"size\": 10, \"query\": {\"match\": {\"text\": \"cat\"}}}");
    List<JsonNode> r = client.msearch(index, List.of(knn, sparse, bm25));
    JsonNode dense = r.get(0).at("/hits/hits");
    assertEquals(
        "dogs#0",
        dense.get(0).get("_id").asText(),
        "the filter ran inside the kNN search: " + dense);
    // Lucene-engine inner product scores are 1 + dot for a non-negative dot product
    assertEquals(1 + 0.6, dense.get(0).get("_score").asDouble(), 1e-4);
    JsonNode lexical = r.get(1).at("/hits/hits");
    assertEquals("cats#0", lexical.get(0).get("_id").asText());
    assertEquals(
        0.5 * 0.5, lexical.get(0).get("_score").asDouble(), 0.25 * 4e-3, "BGE-M3's lexical score");
    assertEquals(0.5 * 0.125, lexical.get(1).get("_score").asDouble(), 0.0625 * 4e-3);
    assertEquals(2, lexical.size(), "the tide chunk has no weight for token 10");
    JsonNode text = r.get(2).at("/hits/hits");
    assertEquals(1, text.size());
    assertEquals(
        "cats#0",
        text.get(0).get("_id").asText(),
        "'cat' matches 'Cats' through the english analyzer");
  }

  @Test
  void reRunningABulkReplacesInsteadOfDuplicating() {
    String index = "rag-idempotent";
    client.deleteIndex(index);
    client.createIndex(index, OpenSearchMapping.forCollection(manifest(index), 2, 1));
    client.bulk(index, corpus(), true);
    client.bulk(index, corpus(), true);
    JsonNode count =
        client
            .msearch(
                index,
                List.of(JSON.createObjectNode().put("size", 0).put("track_total_hits", true)))
            .get(0);
    assertEquals(3, count.at("/hits/total/value").asInt());
  }

  @Test
  void aFaissMappingNeverReachesTheCluster() throws Exception {
    JsonNode faiss =
        JSON.readTree(
            """
        {"settings": {"index": {"knn": true}}, "mappings": {"properties": {
          "v": {"type": "knn_vector", "dimension": 3, "method": {"name": "hnsw", "engine": "faiss"}}}}}""");
    assertThrows(IllegalArgumentException.class, () -> client.createIndex("rag-faiss", faiss));
    assertFalse(client.indexExists("rag-faiss"));
  }

  @Test
  void withOneNodeStoppedTheIndexKeepsAnsweringAndLosesNoAcknowledgedChunk() throws Exception {
    String index = "rag-resilience";
    client.deleteIndex(index);
    client.createIndex(index, OpenSearchMapping.forCollection(manifest(index), 2, 1));
    client.bulk(index, corpus(), true);
    waitForStatus("green");
    // a node that is not the elected manager (losing that one: ManagerLossTest)
    int other = LocalCluster.number(client.clusterManagerNode()) == 1 ? 2 : 1;
    cluster.stopNode(other);
    try {
      JsonNode all = JSON.createObjectNode().put("size", 0).put("track_total_hits", true);
      assertEquals(
          3,
          client.msearch(index, List.of(all)).get(0).at("/hits/total/value").asInt(),
          "both shards answer from the node that is left");
      List<OpenSearchClient.BulkAction> more = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        more.add(
            new OpenSearchClient.BulkAction.Index(
                "more" + i + "#0",
                chunk(
                    "more" + i,
                    0,
                    "written while a node is down",
                    new float[] {0, 1, 0},
                    30,
                    0.25f,
                    2023)));
      }
      assertEquals(List.of(), client.bulk(index, more, true).failures());
    } finally {
      cluster.startNode(other);
    }
    waitForStatus("green");
    JsonNode all = JSON.createObjectNode().put("size", 0).put("track_total_hits", true);
    assertEquals(23, client.msearch(index, List.of(all)).get(0).at("/hits/total/value").asInt());
  }

  private void waitForStatus(String status) throws InterruptedException {
    long until = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (System.nanoTime() < until) {
      try {
        OpenSearchClient.Health h = client.health();
        if (h.status().equals(status) && h.nodes() == LocalCluster.NODES) {
          return;
        }
      } catch (RuntimeException e) {
        // a node is still coming up
      }
      Thread.sleep(500);
    }
    throw new AssertionError("cluster not " + status + " within 3 minutes: " + client.health());
  }
}
