package dev.ragserver.model.encoder;

import dev.ragserver.config.InputNames;
import dev.ragserver.config.ModelConfig;
import dev.ragserver.model.Embedding;
import dev.ragserver.model.EmbeddingBatch;
import dev.ragserver.model.EmbeddingPart;
import dev.ragserver.model.ModelException;
import dev.ragserver.model.ModelInfo;
import dev.ragserver.model.TextChecks;
import dev.ragserver.model.TextEmbedder;
import dev.ragserver.model.TokenCounter;
import dev.ragserver.model.batch.BatchPlanner;
import dev.ragserver.model.batch.BatchRunner;
import dev.ragserver.model.batch.TokenBatch;
import dev.ragserver.model.onnx.LoadedSession;
import dev.ragserver.model.onnx.Signature;
import dev.ragserver.model.tokenizer.TextTokenizer;
import dev.ragserver.model.tokenizer.TokenizedText;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The embedder shared by every text model: tokenize, sort by length, pad per batch, run on ONNX
 * Runtime, decode with the model's {@link OutputDecoder}, restore input order.
 *
 * <p>Queries get the instruction. With {@code instructionForMultiVector} off, a query's token
 * vectors come from the bare query (the built-in models measured better so), run in the same model
 * call as the instructed one.
 */
public final class OnnxTextEmbedder implements TextEmbedder {
  private static final String PROBE = "hello world";
  private static final String PROBE_MATE =
      "a longer second text, so that the probe shares a padded batch with another one";

  private final ModelInfo info;
  private final TextTokenizer tokenizer;
  private final LoadedSession session;
  private final BatchRunner runner;
  private final OutputDecoder decoder;
  private final int batchSize;
  private final int maxBatchTokens;
  private final boolean instructionForMultiVector;
  private final boolean batchInvariant;

  private OnnxTextEmbedder(
      String id,
      String instruction,
      TextTokenizer tokenizer,
      LoadedSession session,
      OutputDecoder decoder,
      BatchRunner runner,
      ModelConfig config,
      int denseDim,
      int multiDim,
      boolean batchInvariant) {
    this.tokenizer = tokenizer;
    this.session = session;
    this.decoder = decoder;
    this.runner = runner;
    this.batchSize = config.batchSize();
    this.maxBatchTokens = config.maxBatchTokens();
    this.instructionForMultiVector = config.instructionForMultiVector();
    this.batchInvariant = batchInvariant;
    this.info =
        new ModelInfo(id, decoder.parts(), denseDim, multiDim, tokenizer.maxTokens(), instruction);
  }

  /** Chooses the output decoder once the model's signature and the special token ids are known. */
  @FunctionalInterface
  public interface DecoderFactory {
    /** The decoder for this model; throws {@link ModelException} when its outputs do not fit. */
    OutputDecoder create(Signature signature, Set<Integer> specialIds);
  }

  /**
   * Checks the model's inputs, loads the tokenizer, builds the decoder and runs one probe text
   * through the model, which learns the output dimensions and proves the model runs. Takes
   * ownership of {@code session}: it is closed, with everything else, if this fails.
   *
   * @param tokenizerJson the {@code tokenizer.json} bytes
   * @param maxTokens most tokens per text, special tokens included
   */
  public static OnnxTextEmbedder open(
      String id,
      String instruction,
      LoadedSession session,
      byte[] tokenizerJson,
      String tokenizerSource,
      int maxTokens,
      ModelConfig config,
      DecoderFactory decoders) {
    TextTokenizer tokenizer = null;
    BatchRunner runner = null;
    try {
      Signature sig = session.signature();
      InputNames names = config.inputNames();
      sig.requireInput(names.inputIds(), "INT64", 2, "model.input_names.input_ids");
      sig.requireInput(names.attentionMask(), "INT64", 2, "model.input_names.attention_mask");
      sig.requireOnlyInputs(List.of(names.inputIds(), names.attentionMask(), names.tokenTypeIds()));
      String tokenTypeIds =
          sig.inputs().containsKey(names.tokenTypeIds()) ? names.tokenTypeIds() : null;
      tokenizer = TextTokenizer.fromJson(tokenizerJson, tokenizerSource, maxTokens);
      Set<Integer> special =
          config.specialTokenIds().isEmpty()
              ? tokenizer.specialIds()
              : Set.copyOf(config.specialTokenIds());
      OutputDecoder decoder = decoders.create(sig, special);
      runner =
          new BatchRunner(
              session.session(),
              names.inputIds(),
              names.attentionMask(),
              tokenTypeIds,
              decoder.outputs(),
              config.concurrentBatches());
      TokenBatch probe =
          BatchPlanner.plan(
                  tokenizer.tokenize(List.of(PROBE)), 1, config.maxBatchTokens(), tokenizer.padId())
              .get(0);
      Set<EmbeddingPart> parts = decoder.parts();
      Decoded decoded;
      try {
        decoded = runner.runOne(probe, (b, result) -> decoder.decode(b, result, parts))[0];
      } catch (RuntimeException e) {
        throw new ModelException(
            "the probe run of " + session.source() + " failed: " + e.getMessage(), e);
      }
      int denseDim = decoded.dense() == null ? 0 : decoded.dense().length;
      int multiDim = decoded.multiVector() == null ? 0 : decoded.multiVector().dimension();
      TokenBatch pair =
          BatchPlanner.plan(
                  tokenizer.tokenize(List.of(PROBE, PROBE_MATE)),
                  2,
                  Integer.MAX_VALUE,
                  tokenizer.padId())
              .get(0);
      Decoded[] together = runner.runOne(pair, (b, result) -> decoder.decode(b, result, parts));
      Decoded probeInPair = together[pair.positions()[0] == 0 ? 0 : 1];
      boolean invariant = sameVectors(decoded, probeInPair);
      return new OnnxTextEmbedder(
          id,
          instruction,
          tokenizer,
          session,
          decoder,
          runner,
          config,
          denseDim,
          multiDim,
          invariant);
    } catch (RuntimeException e) {
      if (runner != null) {
        runner.close();
      }
      if (tokenizer != null) {
        tokenizer.close();
      }
      session.close();
      throw e;
    }
  }

  /** Whether two decodings of the same text agree to 1e-4 in every element of every part. */
  private static boolean sameVectors(Decoded a, Decoded b) {
    if (a.dense() != null && maxDiff(a.dense(), b.dense()) > 1e-4) {
      return false;
    }
    return a.multiVector() == null
        || maxDiff(a.multiVector().toArray(), b.multiVector().toArray()) <= 1e-4;
  }

  private static double maxDiff(float[] a, float[] b) {
    if (a.length != b.length) {
      return Double.POSITIVE_INFINITY;
    }
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }

  @Override
  public boolean batchInvariant() {
    return batchInvariant;
  }

  @Override
  public TokenCounter tokenCounter() {
    return tokenizer;
  }

  @Override
  public ModelInfo info() {
    return info;
  }

  @Override
  public EmbeddingBatch embedDocuments(List<String> texts, Set<EmbeddingPart> parts) {
    Set<EmbeddingPart> wanted = TextChecks.parts(info, parts);
    TextChecks.texts(texts);
    return encode(texts, wanted);
  }

  @Override
  public EmbeddingBatch embedQueries(List<String> texts, Set<EmbeddingPart> parts) {
    Set<EmbeddingPart> wanted = TextChecks.parts(info, parts);
    TextChecks.texts(texts);
    String instruction = info.queryInstruction();
    if (instruction.isEmpty()) {
      return encode(texts, wanted);
    }
    List<String> instructed = texts.stream().map(t -> instruction + t).toList();
    if (instructionForMultiVector || !wanted.contains(EmbeddingPart.MULTI_VECTOR)) {
      return encode(instructed, wanted);
    }
    if (wanted.equals(EnumSet.of(EmbeddingPart.MULTI_VECTOR))) {
      return encode(texts, wanted);
    }
    if (!batchInvariant) {
      // a model whose vectors move with their batch-mates: the instructed and the bare texts apart
      EmbeddingBatch bare = encode(texts, EnumSet.of(EmbeddingPart.MULTI_VECTOR));
      Set<EmbeddingPart> rest = EnumSet.copyOf(wanted);
      rest.remove(EmbeddingPart.MULTI_VECTOR);
      return merge(encode(instructed, rest), 0, bare, 0, texts.size(), wanted);
    }
    // one model call for both: the instructed texts (dense, sparse) and the bare ones (token
    // vectors) share a batch, 7 % faster than two calls (docs/benchmarks.md)
    List<String> both = new ArrayList<>(instructed);
    both.addAll(texts);
    EmbeddingBatch all = encode(both, wanted);
    return merge(all, 0, all, texts.size(), texts.size(), wanted);
  }

  /**
   * Each query's dense and sparse parts from {@code instructed} (from index {@code a}), its token
   * vectors from {@code bare} (from index {@code b}).
   */
  private static EmbeddingBatch merge(
      EmbeddingBatch instructed,
      int a,
      EmbeddingBatch bare,
      int b,
      int n,
      Set<EmbeddingPart> wanted) {
    List<Embedding> merged = new ArrayList<>(n);
    int truncated = 0;
    long tokens = 0;
    for (int i = 0; i < n; i++) {
      Embedding x = instructed.get(a + i);
      Embedding y = bare.get(b + i);
      boolean cut = x.truncated() || y.truncated();
      truncated += cut ? 1 : 0;
      tokens += x.tokens() + y.tokens();
      merged.add(
          new Embedding(
              wanted.contains(EmbeddingPart.DENSE) ? x.dense() : null,
              wanted.contains(EmbeddingPart.SPARSE) ? x.sparse() : null,
              y.multiVector(),
              x.tokens(),
              cut));
    }
    return new EmbeddingBatch(merged, truncated, tokens);
  }

  private EmbeddingBatch encode(List<String> texts, Set<EmbeddingPart> parts) {
    if (texts.isEmpty()) {
      return new EmbeddingBatch(List.of(), 0, 0);
    }
    List<TokenizedText> tokens = tokenizer.tokenize(texts);
    List<TokenBatch> batches =
        BatchPlanner.plan(tokens, batchSize, maxBatchTokens, tokenizer.padId());
    List<Decoded> decoded =
        runner.run(batches, texts.size(), (b, result) -> decoder.decode(b, result, parts));
    List<Embedding> embeddings = new ArrayList<>(texts.size());
    int truncated = 0;
    long tokenCount = 0;
    for (int i = 0; i < texts.size(); i++) {
      Decoded d = decoded.get(i);
      TokenizedText t = tokens.get(i);
      truncated += t.truncated() ? 1 : 0;
      tokenCount += t.length();
      embeddings.add(
          new Embedding(d.dense(), d.sparse(), d.multiVector(), t.length(), t.truncated()));
    }
    return new EmbeddingBatch(embeddings, truncated, tokenCount);
  }

  @Override
  public void close() {
    runner.close();
    tokenizer.close();
    session.close();
  }
}
