package dev.ragserver.tools.bench.embed;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.ragserver.config.ModelConfig;
import dev.ragserver.model.ModelException;
import dev.ragserver.model.batch.BatchPlanner;
import dev.ragserver.model.batch.TokenBatch;
import dev.ragserver.model.builtin.BuiltInModel;
import dev.ragserver.model.m3.M3Loader;
import dev.ragserver.model.onnx.LoadedSession;
import dev.ragserver.model.onnx.OnnxSessions;
import dev.ragserver.model.tokenizer.TextTokenizer;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The embedding benchmark's baseline: the configured model's ONNX file opened a second time with
 * the same session settings, its tokenizer, and the pipeline's batch plan ({@link BatchPlanner}
 * with {@code model.batch_size} and {@code max_batch_tokens}) — built here from the model's files,
 * so the embedder exposes nothing for the benchmark. It runs every output the session has (the
 * built-in models have one, {@code last_hidden_state}; BGE-M3 exports with heads have the three the
 * pipeline decodes) and copies each out; no decoding.
 */
public final class BareSession implements AutoCloseable {
  private final LoadedSession session;
  private final TextTokenizer tokenizer;
  private final ModelConfig config;
  private final Set<String> outputs;
  private final String tokenTypes;

  private BareSession(LoadedSession session, TextTokenizer tokenizer, ModelConfig config) {
    this.session = session;
    this.tokenizer = tokenizer;
    this.config = config;
    this.outputs = session.signature().outputs().keySet();
    String types = config.inputNames().tokenTypeIds();
    this.tokenTypes = session.signature().inputs().containsKey(types) ? types : null;
  }

  /**
   * Opens the configured model's files: a built-in model's jar resources, else {@code
   * model.directory}.
   */
  public static BareSession open(ModelConfig config) {
    Optional<BuiltInModel> builtIn = BuiltInModel.byId(config.name());
    byte[] onnx;
    byte[] tokenizerJson;
    int maxTokens;
    if (builtIn.isPresent()) {
      onnx = builtIn.get().onnx();
      tokenizerJson = builtIn.get().tokenizerJson();
      maxTokens = config.maxTokens() == 0 ? BuiltInModel.MAX_TOKENS : config.maxTokens();
    } else {
      Path dir = Path.of(config.directory());
      onnx = read(dir.resolve(config.onnxFile()));
      tokenizerJson = read(dir.resolve(config.tokenizerFile()));
      maxTokens = config.maxTokens() == 0 ? M3Loader.DEFAULT_MAX_TOKENS : config.maxTokens();
    }
    LoadedSession session = OnnxSessions.open(onnx, "bench baseline " + config.name(), config);
    try {
      return new BareSession(
          session, TextTokenizer.fromJson(tokenizerJson, config.name(), maxTokens), config);
    } catch (RuntimeException e) {
      session.close();
      throw e;
    }
  }

  /** The outputs each run copies out. */
  public Set<String> outputs() {
    return outputs;
  }

  /** The batches the pipeline plans for these texts (the same planner, sizes and padding). */
  public List<TokenBatch> plan(List<String> texts) {
    return BatchPlanner.plan(
        tokenizer.tokenize(texts), config.batchSize(), config.maxBatchTokens(), tokenizer.padId());
  }

  /** Tensors in, run, every output copied out, everything closed. */
  public void run(List<TokenBatch> batches) {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    for (TokenBatch b : batches) {
      long[] shape = {b.size(), b.seqLen()};
      Map<String, OnnxTensor> inputs = new HashMap<>();
      try {
        inputs.put(
            config.inputNames().inputIds(),
            OnnxTensor.createTensor(env, LongBuffer.wrap(b.ids()), shape));
        inputs.put(
            config.inputNames().attentionMask(),
            OnnxTensor.createTensor(env, LongBuffer.wrap(b.mask()), shape));
        if (tokenTypes != null) {
          inputs.put(
              tokenTypes,
              OnnxTensor.createTensor(env, LongBuffer.wrap(new long[b.ids().length]), shape));
        }
        try (OrtSession.Result result = session.session().run(inputs, outputs)) {
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

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ModelException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    session.close();
  }
}
