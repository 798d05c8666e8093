package dev.ragserver.index;

import dev.ragserver.config.AnalyzerLanguage;
import dev.ragserver.config.MultiVectorPrecision;
import dev.ragserver.config.Quantization;
import dev.ragserver.config.SearchConfig;
import dev.ragserver.index.collection.CollectionIndex;
import dev.ragserver.index.collection.CollectionRegistry;
import dev.ragserver.index.collection.CollectionSettings;
import dev.ragserver.index.schema.Chunk;
import dev.ragserver.index.schema.Modality;
import dev.ragserver.model.Embedding;
import dev.ragserver.model.EmbeddingPart;
import dev.ragserver.model.ModelInfo;
import dev.ragserver.model.MultiVector;
import dev.ragserver.model.SparseVector;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Small models, settings and chunks shared by the index tests. */
public final class TestCollections {
  /** A model with every part: 4-dim dense and token vectors. */
  public static final ModelInfo MODEL =
      new ModelInfo("test-model", EmbeddingPart.all(), 4, 4, 512, "");

  public static final SearchConfig SEARCH =
      new SearchConfig(10, 100, 50, 60, 1000, 1, 1, 1, 1, 1, 32, 1024);

  private TestCollections() {}

  public static CollectionSettings settings(MultiVectorPrecision precision) {
    return new CollectionSettings(AnalyzerLanguage.ENGLISH, 16, 100, Quantization.NONE, precision);
  }

  public static CollectionRegistry registry(Path dir) {
    return Registries.embedded(dir, 50, SEARCH);
  }

  public static CollectionIndex create(CollectionRegistry registry, String name) {
    return registry.create(name, settings(MultiVectorPrecision.FP32), MODEL, null);
  }

  /** A unit vector. */
  public static float[] unit(float... v) {
    double n = 0;
    for (float x : v) {
      n += x * x;
    }
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (float) (v[i] / Math.sqrt(n));
    }
    return out;
  }

  /** The dot product of two vectors. */
  public static float dot(float[] a, float[] b) {
    float s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  /** A random unit vector. */
  public static float[] randomUnit(Random random, int dim) {
    float[] v = new float[dim];
    for (int i = 0; i < dim; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return unit(v);
  }

  /** An embedding with every part: the dense vector, sparse weights and two token vectors. */
  public static Embedding embedding(float[] dense, Map<Integer, Float> sparse, float[]... tokens) {
    float[] data = new float[tokens.length * 4];
    for (int i = 0; i < tokens.length; i++) {
      System.arraycopy(tokens[i], 0, data, 4 * i, 4);
    }
    return new Embedding(
        dense,
        SparseVector.of(sparse),
        tokens.length == 0 ? null : MultiVector.of(4, data),
        8,
        false);
  }

  /** A dense-only embedding. */
  public static Embedding dense(float[] dense) {
    return new Embedding(dense, null, null, 8, false);
  }

  /** A chunk with text and metadata. */
  public static Chunk chunk(
      String doc, int number, String text, Embedding e, Map<String, Object> metadata) {
    return new Chunk(
        doc + "#" + number,
        doc,
        number,
        text,
        "file:/" + doc + ".txt",
        "Title of " + doc,
        0,
        0,
        0,
        text.length(),
        List.of("H1"),
        Modality.TEXT,
        metadata,
        e,
        null);
  }

  /** The parts of the test model. */
  public static EnumSet<EmbeddingPart> parts() {
    return EnumSet.allOf(EmbeddingPart.class);
  }
}
