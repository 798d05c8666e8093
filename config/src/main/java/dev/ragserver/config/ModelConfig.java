package dev.ragserver.config;

import java.util.List;
import java.util.Set;

/**
 * The text embedding model: which one, where its files are, how it is run.
 *
 * <p>Every field is documented, with its default, in {@code rag.yaml} and {@code
 * docs/configuration.md}.
 */
public record ModelConfig(
    String name,
    String directory,
    String onnxFile,
    String tokenizerFile,
    String sparseHeadFile,
    String colbertHeadFile,
    int maxTokens,
    String queryInstruction,
    boolean instructionForMultiVector,
    Pooling pooling,
    boolean normalize,
    int batchSize,
    int maxBatchTokens,
    int intraOpThreads,
    int interOpThreads,
    boolean allowSpinning,
    GraphOptimization graphOptimization,
    boolean memoryPattern,
    boolean cpuArena,
    int concurrentBatches,
    int maxLoadedModels,
    boolean gatherRequests,
    int gatherMaxWaitMs,
    int queryCacheSize,
    Device device,
    int deviceId,
    InputNames inputNames,
    OutputNames outputNames,
    List<Integer> specialTokenIds,
    int padTokenId) {

  /** The default built-in model. */
  public static final String BGE_SMALL_EN = "bge-small-en-v1.5";

  /** The built-in English model's int8 export (dynamically quantised weights). */
  public static final String BGE_SMALL_EN_Q = "bge-small-en-v1.5-q";

  /** The built-in Chinese model. */
  public static final String BGE_SMALL_ZH = "bge-small-zh-v1.5";

  /** BGE-M3 loaded from {@link #directory()}. */
  public static final String BGE_M3 = "bge-m3";

  /** The model names this server knows. */
  public static final Set<String> NAMES =
      Set.of(BGE_SMALL_EN, BGE_SMALL_EN_Q, BGE_SMALL_ZH, BGE_M3);

  /** The largest max_tokens any supported model accepts (BGE-M3). */
  public static final int MAX_TOKENS_LIMIT = 8192;

  /** The models shipped inside the server's jars: always served, with their default settings. */
  public static final Set<String> BUILT_IN = Set.of(BGE_SMALL_EN, BGE_SMALL_EN_Q, BGE_SMALL_ZH);

  /**
   * The keys that describe one model (its files, limits and how it is read), as opposed to how the
   * server runs models (batches, threads, device): the keys an entry of {@code models:} may set.
   */
  public static final Set<String> PER_MODEL_KEYS =
      Set.of(
          "directory",
          "onnx_file",
          "tokenizer_file",
          "sparse_head_file",
          "colbert_head_file",
          "max_tokens",
          "query_instruction",
          "instruction_for_multi_vector",
          "pooling",
          "normalize",
          "input_names",
          "output_names",
          "special_token_ids",
          "pad_token_id");

  /** {@link #queryInstruction()} value that selects the model's own instruction. */
  public static final String AUTO = "auto";

  public ModelConfig {
    Checks.notBlank("model.name", name);
    if (!NAMES.contains(name)) {
      throw new IllegalArgumentException(
          "model.name must be one of "
              + NAMES.stream().sorted().toList()
              + ", got: \""
              + name
              + "\"");
    }
    Checks.notNull("model.directory", directory);
    if (BGE_M3.equals(name) && directory.isBlank()) {
      throw new IllegalArgumentException(
          "model.directory must name the folder holding the BGE-M3 ONNX export when model.name is "
              + BGE_M3
              + " (its weights cannot be bundled), got: \"\"");
    }
    Checks.notBlank("model.onnx_file", onnxFile);
    Checks.notBlank("model.tokenizer_file", tokenizerFile);
    Checks.notBlank("model.sparse_head_file", sparseHeadFile);
    Checks.notBlank("model.colbert_head_file", colbertHeadFile);
    Checks.range("model.max_tokens", maxTokens, 0, MAX_TOKENS_LIMIT);
    Checks.notNull("model.query_instruction", queryInstruction);
    Checks.notNull("model.pooling", pooling);
    Checks.range("model.batch_size", batchSize, 1, 4096);
    Checks.range("model.max_batch_tokens", maxBatchTokens, 2, 1 << 24);
    Checks.range("model.intra_op_threads", intraOpThreads, 0, 1024);
    Checks.range("model.inter_op_threads", interOpThreads, 0, 1024);
    Checks.notNull("model.graph_optimization", graphOptimization);
    Checks.range("model.concurrent_batches", concurrentBatches, 1, 64);
    Checks.range("model.max_loaded_models", maxLoadedModels, 0, 1024);
    Checks.range("model.gather_max_wait_ms", gatherMaxWaitMs, 0, 1000);
    Checks.range("model.query_cache_size", queryCacheSize, 0, 10_000_000);
    Checks.notNull("model.device", device);
    Checks.range("model.device_id", deviceId, 0, 1024);
    Checks.notNull("model.input_names", inputNames);
    Checks.notNull("model.output_names", outputNames);
    Checks.notNull("model.special_token_ids", specialTokenIds);
    for (Integer id : specialTokenIds) {
      if (id == null || id < 0) {
        throw new IllegalArgumentException(
            "model.special_token_ids must hold token ids >= 0, got: " + specialTokenIds);
      }
    }
    specialTokenIds = List.copyOf(specialTokenIds);
    Checks.range("model.pad_token_id", padTokenId, -1, Integer.MAX_VALUE);
  }

  /** Whether this is one of the models shipped inside the server's jars. */
  public boolean isBuiltIn() {
    return BUILT_IN.contains(name);
  }
}
