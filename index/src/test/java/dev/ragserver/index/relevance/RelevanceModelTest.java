package dev.ragserver.index.relevance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragserver.index.IndexException;
import dev.ragserver.index.search.Leg;
import dev.ragserver.index.search.LegScore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Relevance estimates: the logistic formula, by hand; where a collection's model comes from. */
class RelevanceModelTest {
  @TempDir Path dir;

  private static RelevanceModel model() {
    return new RelevanceModel(
        "m", "by hand", -2.0, Map.of("dense", 4.0, "bm25", 1.0, "bm25_found", -0.5));
  }

  @Test
  void theEstimateIsTheLogisticOfTheWeightedFeatures() {
    // BM25 2.5 of a ceiling of 5 reads as 0.5: z = -2 + 4 × 0.75 + 1 × 0.5 − 0.5 = 1
    float both =
        model()
            .estimate(
                Map.of(Leg.DENSE, new LegScore(0.75f, 1), Leg.BM25, new LegScore(2.5f, 3)),
                new RelevanceContext(5f, Float.NaN, Float.NaN));
    assertEquals(1 / (1 + Math.exp(-1)), both, 1e-6);
    // a leg that missed the hit adds nothing: z = -2 + 4 × 0.5 = 0
    assertEquals(
        0.5,
        model().estimate(Map.of(Leg.DENSE, new LegScore(0.5f, 9)), RelevanceContext.NONE),
        1e-6);
    assertEquals(1 / (1 + Math.exp(2)), model().estimate(Map.of(), RelevanceContext.NONE), 1e-6);
  }

  @Test
  void aModelRefusesUnknownFeaturesAndNonFiniteWeights() {
    IllegalArgumentException unknown =
        assertThrows(
            IllegalArgumentException.class,
            () -> new RelevanceModel("m", "x", 0, Map.of("cosine", 1.0)));
    assertTrue(
        unknown.getMessage().contains("unknown relevance feature \"cosine\""),
        unknown.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> new RelevanceModel("m", "x", Double.NaN, Map.of()));
    assertThrows(
        IllegalArgumentException.class,
        () -> new RelevanceModel("m", "x", 0, Map.of("dense", Double.POSITIVE_INFINITY)));
  }

  @Test
  void aCollectionUsesItsOwnModelElseTheBuiltInOne() throws IOException {
    RelevanceModel builtIn = RelevanceModel.forCollection(dir, "bge-small-en-v1.5");
    assertTrue(builtIn.fittedOn().startsWith("scifact train"), builtIn.fittedOn());
    assertEquals(builtIn, RelevanceModel.forCollection(dir, "some-model-without-one"));
    model().writeTo(dir);
    assertEquals(model(), RelevanceModel.forCollection(dir, "bge-small-en-v1.5"));
    Files.writeString(
        dir.resolve(RelevanceModel.FILE),
        "{\"model\": \"m\", \"fitted_on\": \"x\", \"intercept\": 0, \"weights\": {\"nope\": 1}}");
    IndexException bad =
        assertThrows(IndexException.class, () -> RelevanceModel.forCollection(dir, "m"));
    assertTrue(bad.getMessage().contains("nope"), bad.getMessage());
  }
}
