package dev.ragserver.tools.bench.embed;

import dev.ragserver.config.ModelConfig;
import dev.ragserver.model.EmbeddingBatch;
import dev.ragserver.model.TextEmbedder;
import dev.ragserver.model.batch.TokenBatch;
import java.io.PrintWriter;
import java.util.List;

/**
 * Times {@link TextEmbedder#embedDocuments} (tokenize, sort, pad, run, decode every part) against
 * the bare session fed the same pre-tokenised batches (build tensors, run, copy the outputs out,
 * close). The two alternate slice by slice so that drift in a shared machine's speed hits both
 * alike.
 */
public final class EmbeddingBenchmark {
  private final TextEmbedder embedder;
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

  /**
   * @param embedder the pipeline, opened from {@code config}
   * @param config the model's configuration, from which the baseline opens the same model again
   */
  public EmbeddingBenchmark(TextEmbedder embedder, ModelConfig config, PrintWriter log) {
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
    try (BareSession bare = BareSession.open(config)) {
      log.printf("  baseline: the bare session runs outputs %s%n", bare.outputs());
      return run(texts, sliceSize, bare);
    }
  }

  private Result run(List<String> texts, int sliceSize, BareSession bare) {
    List<String> warm = texts.subList(0, Math.min(sliceSize, texts.size()));
    embedder.embedDocuments(warm);
    bare.run(bare.plan(warm));
    long ours = 0;
    long raw = 0;
    long tokens = 0;
    int truncated = 0;
    int slice = 0;
    for (int start = 0; start < texts.size(); start += sliceSize, slice++) {
      List<String> part = texts.subList(start, Math.min(start + sliceSize, texts.size()));
      List<TokenBatch> batches = bare.plan(part);
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
          bare.run(batches);
          raw += System.nanoTime() - t0;
        }
      }
      log.printf("  %d/%d documents%n", Math.min(start + sliceSize, texts.size()), texts.size());
      log.flush();
    }
    return new Result(texts.size(), tokens, ours, raw, truncated);
  }
}
