package dev.ragserver.index.multivector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragserver.config.MultiVectorPrecision;
import dev.ragserver.index.TestCollections;
import dev.ragserver.model.MultiVector;
import java.util.Random;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;

class MaxSimTest {
  private static MultiVector random(Random r, int count, int dim) {
    float[] data = new float[count * dim];
    for (int i = 0; i < count; i++) {
      System.arraycopy(TestCollections.randomUnit(r, dim), 0, data, i * dim, dim);
    }
    return MultiVector.of(dim, data);
  }

  @Test
  void scoreIsTheMeanOverQueryTokensOfTheBestDocumentToken() {
    // q1 = (1,0), q2 = (0,1); p1 = (0.6,0.8), p2 = (1,0): max(0.6, 1) = 1, max(0.8, 0) = 0.8 → 0.9
    MultiVector q = MultiVector.of(2, new float[] {1, 0, 0, 1});
    MultiVector p = MultiVector.of(2, new float[] {0.6f, 0.8f, 1, 0});
    assertEquals(0.9f, MaxSim.exact(q, p), 1e-6);
    assertEquals(
        0.9f, new MaxSim(q).score(MultiVectorCodec.encode(p, MultiVectorPrecision.FP32)), 1e-6);
  }

  @Test
  void storedPrecisionsApproximateTheExactScore() {
    Random r = new Random(7);
    MultiVector q = random(r, 12, 384);
    double worstInt8 = 0;
    double worstBinary = 0;
    for (int i = 0; i < 20; i++) {
      MultiVector p = random(r, 60, 384);
      float exact = MaxSim.exact(q, p);
      MaxSim scorer = new MaxSim(q);
      assertEquals(
          exact, scorer.score(MultiVectorCodec.encode(p, MultiVectorPrecision.FP32)), 1e-5);
      worstInt8 =
          Math.max(
              worstInt8,
              Math.abs(
                  exact - scorer.score(MultiVectorCodec.encode(p, MultiVectorPrecision.INT8))));
      worstBinary =
          Math.max(
              worstBinary,
              Math.abs(
                  exact - scorer.score(MultiVectorCodec.encode(p, MultiVectorPrecision.BINARY))));
    }
    assertTrue(worstInt8 < 0.01, "int8 error " + worstInt8);
    assertTrue(worstBinary < 0.25, "binary error " + worstBinary);
  }

  @Test
  void vectorKernelGivesTheScalarKernelsDotProducts() {
    assertTrue(
        TokenDots.vectorized(),
        "the tests run with jdk.incubator.vector, so MaxSim must use the vector kernel");
    Random r = new Random(3);
    TokenDots vector = TokenDots.create();
    TokenDots scalar = new ScalarTokenDots();
    for (int dim : new int[] {3, 100, 384, 1024}) {
      for (int n = 1; n <= 9; n++) {
        float[][] q = new float[n][];
        for (int i = 0; i < n; i++) {
          q[i] = TestCollections.randomUnit(r, dim);
        }
        float[] doc = TestCollections.randomUnit(r, dim);
        byte[] bytes = new byte[dim + 7];
        r.nextBytes(bytes);
        float[] expected = new float[n];
        float[] actual = new float[n];
        scalar.floats(q, doc, expected);
        vector.floats(q, doc, actual);
        for (int i = 0; i < n; i++) {
          assertEquals(expected[i], actual[i], 1e-5, "floats dim " + dim + " token " + i);
        }
        scalar.int8(q, bytes, 7, dim, 0.01f, expected);
        vector.int8(q, bytes, 7, dim, 0.01f, actual);
        for (int i = 0; i < n; i++) {
          assertEquals(expected[i], actual[i], 1e-4, "int8 dim " + dim + " token " + i);
        }
      }
    }
  }

  @Test
  void storedValuesAtAnOffsetInsideALargerArrayScoreTheSame() {
    Random r = new Random(5);
    MultiVector q = random(r, 5, 64);
    MultiVector p = random(r, 9, 64);
    for (MultiVectorPrecision precision : MultiVectorPrecision.values()) {
      BytesRef alone = MultiVectorCodec.encode(p, precision);
      byte[] padded = new byte[alone.length + 13];
      System.arraycopy(alone.bytes, alone.offset, padded, 11, alone.length);
      assertEquals(
          new MaxSim(q).score(alone),
          new MaxSim(q).score(new BytesRef(padded, 11, alone.length)),
          1e-6,
          precision.name());
    }
  }

  @Test
  void encodingsHaveTheDocumentedSizes() {
    MultiVector p = random(new Random(1), 10, 384);
    assertEquals(5 + 10 * 384 * 4, MultiVectorCodec.encode(p, MultiVectorPrecision.FP32).length);
    assertEquals(5 + 10 * (4 + 384), MultiVectorCodec.encode(p, MultiVectorPrecision.INT8).length);
    assertEquals(5 + 10 * 48, MultiVectorCodec.encode(p, MultiVectorPrecision.BINARY).length);
  }
}
