package dev.ragserver.model.builtin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragserver.model.Embedders;
import dev.ragserver.model.Embedding;
import dev.ragserver.model.EmbeddingBatch;
import dev.ragserver.model.EmbeddingPart;
import dev.ragserver.model.ModelException;
import dev.ragserver.model.ModelInfo;
import dev.ragserver.model.TestModels;
import dev.ragserver.model.TextEmbedder;
import dev.ragserver.model.TokenCounter;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What an English built-in model does, straight from its Maven jar: bge-small-en-v1.5 and its int8
 * export pass the same tests ({@link BuiltInEnglishModelTest}, {@link
 * BuiltInEnglishInt8ModelTest}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EnglishModelContract {
  private static final String INSTRUCTION =
      "Represent this sentence for searching relevant passages: ";
  private TextEmbedder embedder;

  /** The model's name, as model.name gives it. */
  abstract String name();

  /**
   * How far a text's vector in a batch may lie from its vector alone, per element. An fp32 model
   * gives the same numbers; the int8 export quantises activations with one scale per batch tensor
   * (DynamicQuantizeLinear), so a text's vector moves a little with its batch-mates and padding.
   */
  float batchTolerance() {
    return 1e-4f;
  }

  /** Whether the load-time check should find the model's vectors independent of batch-mates. */
  boolean batchInvariant() {
    return true;
  }

  @Test
  void theLoadSaysWhetherVectorsDependOnBatchMates() {
    assertEquals(batchInvariant(), embedder.batchInvariant());
  }

  /** The least cosine between a text's vector alone and in a batch. */
  double minBatchCosine() {
    return 0.99999;
  }

  @BeforeAll
  void open() {
    embedder = Embedders.open(TestModels.config(Map.of("model.name", name())));
  }

  @AfterAll
  void close() {
    embedder.close();
  }

  @Test
  void describesItself() {
    ModelInfo info = embedder.info();
    assertEquals(name(), info.id());
    assertEquals(EnumSet.of(EmbeddingPart.DENSE, EmbeddingPart.MULTI_VECTOR), info.parts());
    assertEquals(384, info.denseDimension());
    assertEquals(384, info.multiVectorDimension());
    assertEquals(512, info.maxTokens());
    assertEquals(INSTRUCTION, info.queryInstruction());
  }

  @Test
  void countsContentTokensAndWhereEachEnds() {
    TokenCounter counter = embedder.tokenCounter();
    String text = "Tokenization splits unbelievable words.";
    int[] ends = counter.tokenEnds(text);
    assertEquals(counter.count(text), ends.length);
    assertTrue(ends.length > 5, "word pieces: " + ends.length);
    for (int i = 1; i < ends.length; i++) {
      assertTrue(ends[i] >= ends[i - 1], "ends must not go back: " + Arrays.toString(ends));
    }
    assertEquals(text.length(), ends[ends.length - 1]);
    assertEquals(510, counter.maxContentTokens(), "512 minus [CLS] and [SEP]");
    assertEquals(0, counter.count(""));
    String longText = "word ".repeat(2000);
    assertEquals(2000, counter.count(longText), "counting does not truncate");
  }

  @Test
  void aParaphraseScoresHigherThanAnUnrelatedSentence() {
    EmbeddingBatch docs =
        embedder.embedDocuments(
            List.of(
                "The cat sat on the mat.",
                "A kitten was sitting on the rug.",
                "Quarterly revenue grew by twelve percent."));
    float paraphrase = docs.get(0).denseDot(docs.get(1));
    float unrelated = docs.get(0).denseDot(docs.get(2));
    assertTrue(
        paraphrase > unrelated + 0.1, "paraphrase " + paraphrase + " vs unrelated " + unrelated);
  }

  @Test
  void aQueryFindsTheRelevantPassage() {
    Embedding query = embedder.embedQuery("how do vaccines train the immune system");
    EmbeddingBatch docs =
        embedder.embedDocuments(
            List.of(
                "Vaccines expose the immune system to a harmless antigen so it learns to recognise the pathogen.",
                "The stock market closed higher on Friday after strong earnings reports."));
    assertTrue(query.denseDot(docs.get(0)) > query.denseDot(docs.get(1)));
  }

  @Test
  void vectorsAreUnitLength() {
    Embedding e = embedder.embedDocuments(List.of("unit length check")).get(0);
    float[] v = e.dense();
    double norm = 0;
    for (float x : v) {
      norm += x * x;
    }
    assertEquals(1.0, Math.sqrt(norm), 1e-4);
    float[] token = e.multiVector().vector(0);
    norm = 0;
    for (float x : token) {
      norm += x * x;
    }
    assertEquals(1.0, Math.sqrt(norm), 1e-4);
  }

  @Test
  void batchResultsEqualOneByOneResults() {
    List<String> texts =
        List.of(
            "short",
            "a somewhat longer sentence about dense retrieval with padding in the batch",
            "medium length text here",
            "Lucene stores HNSW graphs per segment and merges them when segments merge.");
    EmbeddingBatch batch = embedder.embedDocuments(texts);
    for (int i = 0; i < texts.size(); i++) {
      Embedding alone = embedder.embedDocuments(List.of(texts.get(i))).get(0);
      assertArrayEquals(
          alone.dense(), batch.get(i).dense(), batchTolerance(), "dense of text " + i);
      assertTrue(
          dot(alone.dense(), batch.get(i).dense()) > minBatchCosine(),
          "the same direction alone and in a batch: text " + i);
      assertEquals(
          alone.multiVector().count(),
          batch.get(i).multiVector().count(),
          "token vectors of text " + i);
      assertArrayEquals(
          alone.multiVector().toArray(),
          batch.get(i).multiVector().toArray(),
          batchTolerance() * 4,
          "token vectors of text " + i);
    }
  }

  @Test
  void multiVectorDropsClsAndPaddingAndKeepsSep() {
    // "hello world" → [CLS] hello world [SEP]: 4 tokens, 3 token vectors
    EmbeddingBatch batch =
        embedder.embedDocuments(List.of("hello world", "a much longer text that forces padding"));
    assertEquals(4, batch.get(0).tokens());
    assertEquals(3, batch.get(0).multiVector().count());
  }

  @Test
  void queriesGetTheInstructionAndDocumentsDoNot() {
    String text = "what causes ocean tides";
    Embedding query = embedder.embedQuery(text);
    Embedding document = embedder.embedDocuments(List.of(text)).get(0);
    Embedding instructedDocument = embedder.embedDocuments(List.of(INSTRUCTION + text)).get(0);
    assertArrayEquals(
        instructedDocument.dense(), query.dense(), 1e-5f, "query dense = instruction + text");
    assertFalse(Arrays.equals(document.dense(), query.dense()), "documents get no instruction");
    // token vectors of a query are computed without the instruction
    assertArrayEquals(document.multiVector().toArray(), query.multiVector().toArray(), 1e-5f);
    assertEquals(instructedDocument.tokens(), query.tokens());
  }

  @Test
  void denseOnlyQueriesSkipTheTokenVectors() {
    Embedding q =
        embedder.embedQueries(List.of("dense only"), EnumSet.of(EmbeddingPart.DENSE)).get(0);
    assertNull(q.multiVector());
    assertEquals(384, q.dense().length);
  }

  @Test
  void sparseIsNotProducedAndAskingOnlyForItIsAnError() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> embedder.embedDocuments(List.of("x"), EnumSet.of(EmbeddingPart.SPARSE)));
    assertTrue(e.getMessage().contains("none of the requested parts [SPARSE]"), e.getMessage());
  }

  @Test
  void textsOverMaxTokensAreTruncatedAndCounted() {
    String longText = "retrieval ".repeat(700);
    EmbeddingBatch batch = embedder.embedDocuments(List.of(longText, "short text"));
    assertEquals(1, batch.truncated());
    assertTrue(batch.get(0).truncated());
    assertEquals(512, batch.get(0).tokens());
    assertEquals(511, batch.get(0).multiVector().count());
    assertFalse(batch.get(1).truncated());
  }

  @Test
  void maxTokensAboveThePositionTableIsRejected() {
    ModelException e =
        assertThrows(
            ModelException.class,
            () ->
                Embedders.open(
                        TestModels.config(Map.of("model.name", name(), "model.max_tokens", "1024")))
                    .close());
    assertEquals(
        "model.max_tokens must be at most 512 for " + name() + " (its position table), got: 1024",
        e.getMessage());
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
