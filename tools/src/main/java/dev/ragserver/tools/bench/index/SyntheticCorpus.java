package dev.ragserver.tools.bench.index;

import dev.ragserver.index.schema.Chunk;
import dev.ragserver.index.schema.Modality;
import dev.ragserver.model.Embedding;
import dev.ragserver.model.MultiVector;
import dev.ragserver.model.SparseVector;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Deterministic synthetic chunks shaped like real embeddings: dense vectors drawn around 512 random
 * centroids (real embeddings cluster; uniformly random 384-dimensional vectors are an
 * unrealistically hard case for any ANN index), about 30 sparse tokens from a Zipf-like
 * 30,000-token vocabulary weighted like learned sparse models weigh them (the 100 most frequent
 * tokens get no weight, as BGE-M3's ReLU zeroes stopwords; frequent tokens weigh less, IDF-like),
 * {@code tokens} token vectors near the chunk's dense vector, and text of words from the same
 * vocabulary. Queries are short: 8 words (none of the 100 most frequent, which an analyzer would
 * drop as stopwords), 12 sparse tokens, 8 token vectors.
 */
public final class SyntheticCorpus {
  private static final int CENTROIDS = 512;
  private static final int VOCABULARY = 30_000;
  private static final int STOPWORDS = 100;

  private final int dim;
  private final int tokens;
  private final float[][] centroids;
  private final long seed;

  public SyntheticCorpus(int dim, int tokens, long seed) {
    this.dim = dim;
    this.tokens = tokens;
    this.seed = seed;
    Random r = new Random(seed);
    centroids = new float[CENTROIDS][];
    for (int c = 0; c < CENTROIDS; c++) {
      centroids[c] = gaussianUnit(r, null, 0);
    }
  }

  /** A unit vector: a random centroid plus Gaussian noise. */
  private float[] gaussianUnit(Random r, float[] around, double noise) {
    float[] v = new float[dim];
    double norm = 0;
    for (int i = 0; i < dim; i++) {
      double x =
          around == null ? r.nextGaussian() : around[i] + noise * r.nextGaussian() / Math.sqrt(dim);
      v[i] = (float) x;
      norm += x * x;
    }
    float inv = (float) (1 / Math.sqrt(norm));
    for (int i = 0; i < dim; i++) {
      v[i] *= inv;
    }
    return v;
  }

  private static int zipf(Random r) {
    // inverse-CDF sample of a 1/rank distribution over the vocabulary
    return (int)
        Math.min(VOCABULARY - 1, Math.floor(Math.exp(r.nextDouble() * Math.log(VOCABULARY))) - 1);
  }

  /**
   * A query word or sparse token: Zipf, but never one of the 100 most frequent (an analyzer drops
   * stopwords; a learned sparse model gives them no weight).
   */
  private static int queryWord(Random r) {
    int w;
    do {
      w = zipf(r);
    } while (w < STOPWORDS);
    return w;
  }

  /** A learned-sparse weight: frequent tokens weigh less, as BGE-M3's do (IDF-like), with noise. */
  private static float sparseWeight(Random r, int token) {
    double idf = Math.log(token + 2.0) / Math.log(VOCABULARY + 2.0);
    return (float) (0.05 + 0.35 * idf * (0.5 + r.nextDouble()));
  }

  /** The id of chunk i: chunk {@code i % 4} of document {@code d<i / 4>}. */
  public static String id(int i) {
    return Chunk.idOf("d" + (i / 4), i % 4);
  }

  /** Chunk i (the same for the same seed). */
  public Chunk chunk(int i) {
    Random r = new Random(seed * 1_000_003L + i);
    float[] dense = gaussianUnit(r, centroids[r.nextInt(CENTROIDS)], 1.2);
    return new Chunk(
        id(i),
        "d" + (i / 4),
        i % 4,
        text(r, 60),
        "",
        "",
        0,
        0,
        0,
        0,
        List.of(),
        Modality.TEXT,
        Map.of("bucket", i % 100),
        embedding(r, dense, 30, tokens),
        null);
  }

  /**
   * A query shaped like a real one: 8 words, 12 sparse tokens, 8 token vectors, near a centroid.
   */
  public Query query(int q) {
    Random r = new Random(seed * 7_000_003L + q);
    float[] dense = gaussianUnit(r, centroids[r.nextInt(CENTROIDS)], 1.2);
    StringBuilder words = new StringBuilder();
    for (int w = 0; w < 8; w++) {
      words.append(w == 0 ? "" : " ").append("w").append(Integer.toString(queryWord(r), 36));
    }
    return new Query(words.toString(), embedding(r, dense, 12, 8));
  }

  /**
   * A benchmark query.
   *
   * @param text its words (BM25)
   * @param embedding its dense, sparse and token vectors
   */
  public record Query(String text, Embedding embedding) {}

  private Embedding embedding(Random r, float[] dense, int sparseTokens, int tokens) {
    TreeMap<Integer, Float> sparse = new TreeMap<>();
    while (sparse.size() < sparseTokens) {
      // the most frequent tokens get no weight (BGE-M3's ReLU zeroes stopwords and punctuation)
      int token = queryWord(r);
      sparse.put(token, sparseWeight(r, token));
    }
    float[] data = new float[tokens * dim];
    for (int t = 0; t < tokens; t++) {
      System.arraycopy(gaussianUnit(r, dense, 3.0), 0, data, t * dim, dim);
    }
    return new Embedding(
        dense, SparseVector.of(sparse), MultiVector.of(dim, data), tokens + 2, false);
  }

  private static String text(Random r, int words) {
    StringBuilder sb = new StringBuilder();
    for (int w = 0; w < words; w++) {
      sb.append(w == 0 ? "" : " ").append("w").append(Integer.toString(zipf(r), 36));
    }
    return sb.toString();
  }
}
