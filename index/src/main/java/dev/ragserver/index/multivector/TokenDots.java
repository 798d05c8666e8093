package dev.ragserver.index.multivector;

/**
 * Dot products of every query token with one document token, the inner loop of MaxSim. Two
 * implementations with the same results (up to float summation order): {@link ScalarTokenDots}
 * through Lucene's {@code VectorUtil}, and {@link PanamaTokenDots} with the JDK vector API, which
 * reads each document token once for four query tokens and converts int8 to float in registers.
 * {@link #create()} picks the vector one when the JVM runs with {@code --add-modules
 * jdk.incubator.vector} (as {@code ./rag} and the tests do). One instance per thread.
 */
interface TokenDots {
  /**
   * {@code out[i] = scale · (query[i] · bytes[from, from + dim))}.
   *
   * @param query the query tokens, each of {@code dim} floats
   * @param bytes the stored document token as signed bytes
   * @param from its first byte
   * @param scale its dequantisation scale
   * @param out one result per query token
   */
  void int8(float[][] query, byte[] bytes, int from, int dim, float scale, float[] out);

  /** {@code out[i] = query[i] · doc}. */
  void floats(float[][] query, float[] doc, float[] out);

  /** The vector implementation where the JDK vector module is present, else the scalar one. */
  static TokenDots create() {
    return vectorized() ? new PanamaTokenDots() : new ScalarTokenDots();
  }

  /**
   * Whether {@link #create()} gives the vector implementation (the module is in the boot layer).
   */
  static boolean vectorized() {
    return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
  }
}
