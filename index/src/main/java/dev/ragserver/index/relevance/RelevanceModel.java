package dev.ragserver.index.relevance;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ragserver.index.IndexException;
import dev.ragserver.index.JsonFiles;
import dev.ragserver.index.search.Leg;
import dev.ragserver.index.search.LegScore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A logistic model of relevance: {@code relevance = 1 / (1 + exp(-(intercept + Σ weight ×
 * feature)))} over {@link RelevanceFeatures}, so a hit's relevance is an estimate of the
 * probability that it is relevant, comparable across queries (unlike the fused score, which is
 * rank-based).
 *
 * @param model the embedding model it was fitted for
 * @param fittedOn what it was fitted on (dataset, split, pipeline, hits per query)
 * @param intercept the bias term
 * @param weights one weight per feature name; a missing name weighs 0
 */
public record RelevanceModel(
    String model, String fittedOn, double intercept, Map<String, Double> weights) {
  /** The file a collection keeps its own model in, beside {@code manifest.json}. */
  public static final String FILE = "relevance.json";

  /** The threshold the docs and the console use: more likely relevant than not. */
  public static final float DEFAULT_THRESHOLD = 0.5f;

  private static final String BUILT_IN = "/dev/ragserver/index/relevance/";
  private static final String FALLBACK_MODEL = "bge-small-en-v1.5";
  private static final ObjectMapper JSON = JsonFiles.MAPPER;

  public RelevanceModel {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(fittedOn, "fitted_on");
    if (!Double.isFinite(intercept)) {
      throw new IllegalArgumentException("intercept must be a finite number, got: " + intercept);
    }
    weights = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(weights));
    for (Map.Entry<String, Double> w : weights.entrySet()) {
      if (!RelevanceFeatures.NAMES.contains(w.getKey())) {
        throw new IllegalArgumentException(
            "unknown relevance feature \""
                + w.getKey()
                + "\"; features are "
                + RelevanceFeatures.NAMES);
      }
      if (w.getValue() == null || !Double.isFinite(w.getValue())) {
        throw new IllegalArgumentException(
            "weight of " + w.getKey() + " must be a finite number, got: " + w.getValue());
      }
    }
  }

  /** A model from fitted coefficients, in {@link RelevanceFeatures#NAMES} order. */
  public static RelevanceModel of(String model, String fittedOn, double intercept, double[] w) {
    if (w.length != RelevanceFeatures.NAMES.size()) {
      throw new IllegalArgumentException(
          "need " + RelevanceFeatures.NAMES.size() + " weights, got: " + w.length);
    }
    Map<String, Double> weights = new LinkedHashMap<>();
    for (int i = 0; i < w.length; i++) {
      weights.put(RelevanceFeatures.NAMES.get(i), w[i]);
    }
    return new RelevanceModel(model, fittedOn, intercept, weights);
  }

  /**
   * The estimated probability that a hit with these leg scores is relevant, in [0, 1].
   *
   * @param context what the query's scores are read against ({@link RelevanceFeatures})
   */
  public float estimate(Map<Leg, LegScore> legs, RelevanceContext context) {
    double[] x = RelevanceFeatures.of(legs, context);
    double z = intercept;
    for (int i = 0; i < x.length; i++) {
      if (x[i] != 0) {
        z += weights.getOrDefault(RelevanceFeatures.NAMES.get(i), 0.0) * x[i];
      }
    }
    return (float) (1 / (1 + Math.exp(-z)));
  }

  /**
   * The model a collection uses: its own {@code relevance.json}, else the one built in for its
   * embedding model, else the built-in model's (fitted for another model: a rough estimate until
   * {@code ./rag eval --calibrate} fits one).
   */
  public static RelevanceModel forCollection(Path dir, String modelId) {
    Path own = dir.resolve(FILE);
    if (Files.isRegularFile(own)) {
      return read(own);
    }
    RelevanceModel builtIn = builtIn(modelId);
    return builtIn != null ? builtIn : Objects.requireNonNull(builtIn(FALLBACK_MODEL));
  }

  /** The model shipped for an embedding model, or null. */
  public static RelevanceModel builtIn(String modelId) {
    try (InputStream in = RelevanceModel.class.getResourceAsStream(BUILT_IN + modelId + ".json")) {
      return in == null ? null : JSON.readValue(in, RelevanceModel.class);
    } catch (IOException e) {
      throw new IndexException("cannot read the built-in relevance model of " + modelId, e);
    }
  }

  /** Reads a model file. */
  public static RelevanceModel read(Path file) {
    try {
      return JSON.readValue(file.toFile(), RelevanceModel.class);
    } catch (IOException | IllegalArgumentException e) {
      throw new IndexException("cannot read relevance model " + file + ": " + e.getMessage(), e);
    }
  }

  /** Writes it into a collection folder (atomically), where {@link #forCollection} finds it. */
  public void writeTo(Path dir) {
    JsonFiles.writeAtomically(JSON, dir, FILE, this);
  }
}
