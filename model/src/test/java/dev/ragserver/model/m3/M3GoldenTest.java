package dev.ragserver.model.m3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ragserver.model.Embedders;
import dev.ragserver.model.Embedding;
import dev.ragserver.model.EmbeddingBatch;
import dev.ragserver.model.EmbeddingPart;
import dev.ragserver.model.ModelInfo;
import dev.ragserver.model.MultiVector;
import dev.ragserver.model.SparseVector;
import dev.ragserver.model.TestModels;
import dev.ragserver.model.TextEmbedder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every BGE-M3 export format gives FlagEmbedding's dense, sparse and ColBERT outputs, as computed
 * by the NumPy reference in m3/generate.py, to 1e-5 — alone and in padded batches of mixed length.
 */
class M3GoldenTest {
  private static final double TOLERANCE = 1e-5;
  private static JsonNode golden;
  private static List<String> texts;

  @BeforeAll
  static void readGolden() throws IOException {
    golden = new ObjectMapper().readTree(M3GoldenTest.class.getResourceAsStream("/m3/golden.json"));
    texts = new ArrayList<>();
    golden.get("texts").forEach(t -> texts.add(t.get("text").asText()));
  }

  private static TextEmbedder open(String fixture, Map<String, String> extra) {
    return Embedders.open(TestModels.m3(TestModels.m3Fixture(fixture), extra));
  }

  @ParameterizedTest
  @ValueSource(strings = {"outputs-yuniko", "outputs-optimum", "encoder-heads"})
  void oneMixedLengthBatchMatchesTheReference(String fixture) {
    try (TextEmbedder embedder = open(fixture, Map.of())) {
      ModelInfo info = embedder.info();
      assertEquals(EmbeddingPart.all(), info.parts());
      assertEquals(16, info.denseDimension());
      assertEquals(16, info.multiVectorDimension());
      assertEquals("", info.queryInstruction());
      EmbeddingBatch batch = embedder.embedDocuments(texts);
      assertEquals(1, batch.truncated(), "the one text over 16 tokens is reported as truncated");
      for (int i = 0; i < texts.size(); i++) {
        assertMatches(golden.get("texts").get(i), batch.get(i), fixture + " text " + i);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"outputs-yuniko", "encoder-heads"})
  void smallConcurrentBatchesAndSingleTextsMatchTheReference(String fixture) {
    try (TextEmbedder embedder =
        open(fixture, Map.of("model.batch_size", "2", "model.concurrent_batches", "3"))) {
      EmbeddingBatch batch = embedder.embedDocuments(texts);
      for (int i = 0; i < texts.size(); i++) {
        assertMatches(golden.get("texts").get(i), batch.get(i), fixture + " batched text " + i);
        Embedding alone = embedder.embedDocuments(List.of(texts.get(i))).get(0);
        assertMatches(golden.get("texts").get(i), alone, fixture + " single text " + i);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"outputs-optimum", "encoder-heads"})
  void queriesGetNoInstructionAndOnlyTheRequestedParts(String fixture) {
    try (TextEmbedder embedder = open(fixture, Map.of())) {
      EmbeddingBatch queries = embedder.embedQueries(texts, EnumSet.of(EmbeddingPart.SPARSE));
      for (int i = 0; i < texts.size(); i++) {
        Embedding q = queries.get(i);
        assertEquals(EnumSet.of(EmbeddingPart.SPARSE), q.parts());
        assertSparse(golden.get("texts").get(i).get("sparse"), q.sparse(), "query " + i);
      }
    }
  }

  static void assertMatches(JsonNode expected, Embedding actual, String what) {
    assertEquals(expected.get("ids").size(), actual.tokens(), what + ": tokens");
    assertEquals(expected.get("truncated").asBoolean(), actual.truncated(), what + ": truncated");
    float[] dense = actual.dense();
    assertNotNull(dense, what + ": dense");
    assertEquals(expected.get("dense").size(), dense.length, what + ": dense dimension");
    for (int j = 0; j < dense.length; j++) {
      assertEquals(
          expected.get("dense").get(j).asDouble(),
          dense[j],
          TOLERANCE,
          what + ": dense[" + j + "]");
    }
    assertSparse(expected.get("sparse"), actual.sparse(), what);
    MultiVector colbert = actual.multiVector();
    JsonNode rows = expected.get("colbert");
    assertEquals(
        rows.size(), colbert.count(), what + ": ColBERT rows (CLS dropped, padding dropped)");
    for (int r = 0; r < rows.size(); r++) {
      for (int j = 0; j < colbert.dimension(); j++) {
        assertEquals(
            rows.get(r).get(j).asDouble(),
            colbert.get(r, j),
            TOLERANCE,
            what + ": colbert[" + r + "][" + j + "]");
      }
    }
  }

  static void assertSparse(JsonNode expected, SparseVector actual, String what) {
    Map<Integer, Double> want = new TreeMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = expected.properties().iterator();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      want.put(Integer.parseInt(e.getKey()), e.getValue().asDouble());
    }
    assertFalse(want.isEmpty(), what + ": the fixture should give some sparse weights");
    assertEquals(want.keySet(), actual.toMap().keySet(), what + ": sparse token ids");
    want.forEach(
        (id, w) ->
            assertEquals(w, actual.weightOf(id), TOLERANCE, what + ": sparse weight of " + id));
  }
}
