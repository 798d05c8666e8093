package dev.ragserver.opensearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.ragserver.config.AnalyzerLanguage;
import dev.ragserver.config.MultiVectorPrecision;
import dev.ragserver.config.Quantization;
import dev.ragserver.index.Registries;
import dev.ragserver.index.collection.CollectionIndex;
import dev.ragserver.index.collection.CollectionRegistry;
import dev.ragserver.index.collection.CollectionSettings;
import dev.ragserver.index.filter.Filter;
import dev.ragserver.index.opensearch.OpenSearchClient;
import dev.ragserver.index.opensearch.OpenSearchDocuments;
import dev.ragserver.index.opensearch.OpenSearchMapping;
import dev.ragserver.index.opensearch.OpenSearchSearchView;
import dev.ragserver.index.relevance.RelevanceModel;
import dev.ragserver.index.schema.Chunk;
import dev.ragserver.index.schema.Modality;
import dev.ragserver.index.search.Fusion;
import dev.ragserver.index.search.GroupBy;
import dev.ragserver.index.search.Hit;
import dev.ragserver.index.search.HybridSearcher;
import dev.ragserver.index.search.Leg;
import dev.ragserver.index.search.LegScore;
import dev.ragserver.index.search.LegSpec;
import dev.ragserver.index.search.Normalization;
import dev.ragserver.index.search.QueryInput;
import dev.ragserver.index.search.SearchRequest;
import dev.ragserver.index.search.SearchResult;
import dev.ragserver.model.Embedding;
import dev.ragserver.model.EmbeddingPart;
import dev.ragserver.model.ModelInfo;
import dev.ragserver.model.MultiVector;
import dev.ragserver.model.SparseVector;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same corpus in the embedded backend and in OpenSearch (2 shards, 1 replica): every leg and
 * every fusion, with and without a filter, grouped and with neighbours, returns the same top 10
 * with the same per-leg scores (within float tolerance) from both, fusion and ColBERT running in
 * our server over each backend's {@code SearchView}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(SharedCluster.class)
class SearchParityTest {
  private static final int DIM = 8;
  private static final String[] WORDS =
      ("lighthouse lamp beam lens keeper tide moon harbour ship storm coast rock "
              + "signal fog night light wave sand cliff gull")
          .split(" ", -1);
  private static final ModelInfo MODEL =
      new ModelInfo("tiny8", EnumSet.allOf(EmbeddingPart.class), DIM, DIM, 64, "");
  @TempDir static Path dir;
  private LocalCluster cluster;
  private OpenSearchClient client;
  private CollectionRegistry registry;
  private CollectionIndex lucene;
  private HybridSearcher overOpenSearch;
  private ExecutorService executor;
  private final List<Embedding> queries = new ArrayList<>();
  private final List<String> queryTexts = new ArrayList<>();
  private static final String INDEX = "rag-search-parity";

  private static float[] unit(Random r, int dim) {
    float[] v = new float[dim];
    double n = 0;
    for (int i = 0; i < dim; i++) {
      v[i] = (float) r.nextGaussian();
      n += v[i] * v[i];
    }
    for (int i = 0; i < dim; i++) {
      v[i] /= (float) Math.sqrt(n);
    }
    return v;
  }

  private static Embedding embedding(Random r, int tokens) {
    Map<Integer, Float> sparse = new HashMap<>();
    for (int i = 0; i < 4; i++) {
      sparse.put(100 + r.nextInt(30), 0.05f + r.nextFloat());
    }
    float[] multi = new float[tokens * DIM];
    for (int t = 0; t < tokens; t++) {
      System.arraycopy(unit(r, DIM), 0, multi, t * DIM, DIM);
    }
    return new Embedding(
        unit(r, DIM), SparseVector.of(sparse), MultiVector.of(DIM, multi), tokens, false);
  }

  private static String text(Random r, int words) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < words; i++) {
      b.append(i == 0 ? "" : " ").append(WORDS[r.nextInt(WORDS.length)]);
    }
    return b.toString();
  }

  @BeforeAll
  void start(LocalCluster shared) throws Exception {
    cluster = shared;
    client = cluster.client();
    registry = Registries.embedded(dir, 50, ParityFixture.SEARCH);
    lucene =
        registry.create(
            "parity",
            new CollectionSettings(
                AnalyzerLanguage.ENGLISH, 16, 100, Quantization.NONE, MultiVectorPrecision.INT8),
            MODEL,
            null);
    Random r = new Random(20261127);
    List<Chunk> chunks = new ArrayList<>();
    for (int d = 0; d < 25; d++) {
      for (int n = 0; n < 4; n++) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("year", 2018 + d % 6);
        meta.put("lang", d % 3 == 0 ? "de" : "en");
        chunks.add(
            new Chunk(
                "doc" + d + "#" + n,
                "doc" + d,
                n,
                text(r, 6 + r.nextInt(10)),
                "doc" + d + ".md",
                "Document " + d,
                0,
                0,
                0,
                10,
                List.of("H"),
                Modality.TEXT,
                meta,
                embedding(r, 3 + r.nextInt(5)),
                null));
      }
    }
    lucene.upsert(chunks);
    lucene.commit();
    lucene.refresh();
    client.deleteIndex(INDEX);
    client.createIndex(INDEX, OpenSearchMapping.forCollection(lucene.manifest(), 2, 1));
    List<OpenSearchClient.BulkAction> actions = new ArrayList<>();
    for (Chunk c : chunks) {
      actions.add(
          new OpenSearchClient.BulkAction.Index(
              c.chunkId(), OpenSearchDocuments.source(c, MultiVectorPrecision.INT8)));
    }
    assertEquals(List.of(), client.bulk(INDEX, actions, true).failures());
    executor = Executors.newFixedThreadPool(2);
    overOpenSearch =
        new HybridSearcher(
            lucene.manifest(),
            ParityFixture.SEARCH,
            executor,
            RelevanceModel.forCollection(lucene.directory(), lucene.manifest().model().id()));
    for (int q = 0; q < 3; q++) {
      queries.add(embedding(r, 4));
      queryTexts.add(text(r, 3));
    }
  }

  @AfterAll
  void stop() throws Exception {
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

  private void assertSame(SearchRequest request, String what) {
    SearchResult expected = lucene.search(request);
    SearchResult actual = overOpenSearch.search(new OpenSearchSearchView(client, INDEX), request);
    List<String> e = expected.hits().stream().map(h -> h.chunk().chunkId()).toList();
    List<String> a = actual.hits().stream().map(h -> h.chunk().chunkId()).toList();
    assertFalse(e.isEmpty(), what + ": the embedded backend found something");
    assertEquals(e, a, what + ": the same top 10");
    for (int i = 0; i < e.size(); i++) {
      Hit he = expected.hits().get(i);
      Hit ha = actual.hits().get(i);
      assertEquals(he.chunk(), ha.chunk(), what + ": the same stored chunk");
      assertEquals(
          he.score(),
          ha.score(),
          1e-3 * Math.max(1, Math.abs(he.score())),
          what + ": fused score of " + e.get(i));
      for (Map.Entry<Leg, LegScore> leg : he.legs().entrySet()) {
        LegScore le = leg.getValue();
        LegScore la = ha.legs().get(leg.getKey());
        if (le == null) {
          continue;
        }
        assertEquals(le.rank(), la.rank(), what + ": " + leg.getKey() + " rank of " + e.get(i));
        assertEquals(
            le.score(),
            la.score(),
            2e-3 * Math.max(1, Math.abs(le.score())),
            what + ": " + leg.getKey() + " score of " + e.get(i));
      }
      assertEquals(he.neighbours(), ha.neighbours(), what + ": neighbours of " + e.get(i));
    }
  }

  @Test
  void everyLegAndEveryFusionReturnsTheSameTopTenFromBothBackends() {
    Filter english = new Filter.Equals("lang", "en");
    List<List<LegSpec>> legSets =
        List.of(
            List.of(LegSpec.of(Leg.DENSE)),
            List.of(LegSpec.of(Leg.SPARSE)),
            List.of(LegSpec.of(Leg.BM25)),
            List.of(LegSpec.of(Leg.COLBERT)),
            List.of());
    List<Fusion> fusions =
        List.of(
            new Fusion.Rrf(60),
            new Fusion.Rrf(20),
            new Fusion.Weighted(Normalization.MIN_MAX),
            new Fusion.Weighted(Normalization.Z_SCORE),
            new Fusion.M3());
    for (int q = 0; q < queries.size(); q++) {
      QueryInput in = QueryInput.text(queryTexts.get(q), queries.get(q));
      for (List<LegSpec> legs : legSets) {
        for (Filter filter : new Filter[] {null, english}) {
          SearchRequest r = SearchRequest.of(in, 10).withLegs(legs).withFilter(filter);
          assertSame(r, "query " + q + " legs " + legs + " filter " + filter);
        }
      }
      for (Fusion fusion : fusions) {
        assertSame(SearchRequest.of(in, 10).withFusion(fusion), "query " + q + " fusion " + fusion);
      }
      assertSame(
          SearchRequest.of(in, 10)
              .withFilter(english)
              .withGroupBy(GroupBy.bestChunk())
              .withNeighbours(1, 1),
          "query " + q + " grouped by document, with neighbours");
    }
  }
}
