package dev.ragserver.model.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.ragserver.config.ModelConfig;
import dev.ragserver.model.EmbeddingBatch;
import dev.ragserver.model.ModelException;
import dev.ragserver.model.batch.TokenBatch;
import dev.ragserver.model.encoder.OnnxTextEmbedder;
import java.io.PrintWriter;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Times {@link OnnxTextEmbedder#embedDocuments} (tokenize, sort, pad, run, decode every part)
 * against the bare session fed the same pre-tokenised batches (build tensors, run, copy the
 * outputs out, close). The two alternate slice by slice so that drift in a shared machine's speed
 * hits both alike.
 */
public final class EmbeddingBenchmark {
  private final OnnxTextEmbedder embedder;
  private final ModelConfig config;
  private final PrintWriter log;

  /**
   * Timings of one run.
   *
   * @param documents texts embedded by each side
   * @param tokens real tokens (no padding) per side
   * @param oursNanos time of our pipeline
   * @param rawNanos time of the bare session
   * @param truncated texts cut at max tokens
   */
  public record Result(int documents, long tokens, long oursNanos, long rawNanos, int truncated) {
    public double oursDocsPerSecond() {
      return documents / (oursNanos / 1e9);
    }

    public double rawDocsPerSecond() {
      return documents / (rawNanos / 1e9);
    }

    public double oursTokensPerSecond() {
      return tokens / (oursNanos / 1e9);
    }

    public double rawTokensPerSecond() {
      return tokens / (rawNanos / 1e9);
    }

    /** Our throughput over the bare session's; 1.0 = no overhead. */
    public double ratio() {
      return (double) rawNanos / oursNanos;
    }
  }

  public EmbeddingBenchmark(OnnxTextEmbedder embedder, ModelConfig config, PrintWriter log) {
    this.embedder = embedder;
    this.config = config;
    this.log = log;
  }

  /**
   * Runs both sides over {@code texts}, {@code sliceSize} texts at a time, after one warm-up slice
   * each (not timed).
   */
  public Result run(List<String> texts, int sliceSize) {
    if (texts.isEmpty()) {
      throw new IllegalArgumentException("texts must not be empty");
    }
    if (sliceSize < 1) {
      throw new IllegalArgumentException("sliceSize must be at least 1, got: " + sliceSize);
    }
    List<String> warm = texts.subList(0, Math.min(sliceSize, texts.size()));
    embedder.embedDocuments(warm);
    raw(embedder.plan(warm));
    long ours = 0;
    long raw = 0;
    long tokens = 0;
    int truncated = 0;
    int slice = 0;
    for (int start = 0; start < texts.size(); start += sliceSize, slice++) {
      List<String> part = texts.subList(start, Math.min(start + sliceSize, texts.size()));
      List<TokenBatch> batches = embedder.plan(part);
      for (TokenBatch b : batches) {
        tokens += b.tokenCount();
      }
      boolean oursFirst = slice % 2 == 0;
      for (int side = 0; side < 2; side++) {
        if ((side == 0) == oursFirst) {
          long t0 = System.nanoTime();
          EmbeddingBatch result = embedder.embedDocuments(part);
          ours += System.nanoTime() - t0;
          truncated += result.truncated();
        } else {
          long t0 = System.nanoTime();
          raw(batches);
          raw += System.nanoTime() - t0;
        }
      }
      log.printf("  %d/%d documents%n", Math.min(start + sliceSize, texts.size()), texts.size());
      log.flush();
    }
    return new Result(texts.size(), tokens, ours, raw, truncated);
  }

  /**
   * The bare baseline: tensors in, run, every requested output copied out, everything closed. It
   * deliberately does not call {@code BatchRunner}: that is part of the pipeline being measured.
   */
  private void raw(List<TokenBatch> batches) {
    OrtSession session = embedder.session().session();
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    Set<String> outputs = embedder.outputs();
    String types = embedder.tokenTypeIdsInput();
    for (TokenBatch b : batches) {
      long[] shape = {b.size(), b.seqLen()};
      Map<String, OnnxTensor> inputs = new HashMap<>();
      try {
        inputs.put(config.inputNames().inputIds(), OnnxTensor.createTensor(env, LongBuffer.wrap(b.ids()), shape));
        inputs.put(config.inputNames().attentionMask(), OnnxTensor.createTensor(env, LongBuffer.wrap(b.mask()), shape));
        if (types != null) {
          inputs.put(types, OnnxTensor.createTensor(env, LongBuffer.wrap(new long[b.ids().length]), shape));
        }
        try (OrtSession.Result result = session.run(inputs, outputs)) {
          for (Map.Entry<String, OnnxValue> e : result) {
            FloatBuffer data = ((OnnxTensor) e.getValue()).getFloatBuffer();
            if (data.remaining() == 0) {
              throw new ModelException("empty output " + e.getKey());
            }
          }
        }
      } catch (OrtException e) {
        throw new ModelException("bare ONNX Runtime run failed: " + e.getMessage(), e);
      } finally {
        inputs.values().forEach(OnnxTensor::close);
      }
    }
  }
}
