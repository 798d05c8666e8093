package dev.ragserver.model.m3;

import dev.ragserver.config.ModelConfig;
import dev.ragserver.config.OutputNames;
import dev.ragserver.model.ModelException;
import dev.ragserver.model.encoder.ExportedHeadsDecoder;
import dev.ragserver.model.encoder.HiddenStateDecoder;
import dev.ragserver.model.encoder.LinearHead;
import dev.ragserver.model.encoder.OnnxTextEmbedder;
import dev.ragserver.model.encoder.OutputDecoder;
import dev.ragserver.model.onnx.LoadedSession;
import dev.ragserver.model.onnx.OnnxSessions;
import dev.ragserver.model.onnx.Signature;
import dev.ragserver.model.onnx.TensorSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/** Opens BGE-M3 from {@code model.directory}, detecting the export format from its outputs. */
public final class M3Loader {
  /** FlagEmbedding's current default max length for queries and passages. */
  public static final int DEFAULT_MAX_TOKENS = 512;

  private static final List<String> DENSE = List.of("dense_embeddings", "dense_vecs");
  private static final List<String> SPARSE = List.of("sparse_weights", "sparse_vecs");
  private static final List<String> COLBERT = List.of("colbert_vectors", "colbert_vecs");

  private M3Loader() {}

  /** Opens the model; every problem with the directory or the model is a {@link ModelException}. */
  public static OnnxTextEmbedder open(ModelConfig config) {
    Path dir = Path.of(config.directory());
    if (!Files.isDirectory(dir)) {
      throw new ModelException(
          "model.directory "
              + dir.toAbsolutePath()
              + " does not exist or is not a directory;"
              + " it must hold the BGE-M3 ONNX export ("
              + config.onnxFile()
              + ") and "
              + config.tokenizerFile());
    }
    Path onnx = requireFile(dir, config.onnxFile(), "model.onnx_file");
    Path tokenizerFile = requireFile(dir, config.tokenizerFile(), "model.tokenizer_file");
    int maxTokens = config.maxTokens() == 0 ? DEFAULT_MAX_TOKENS : config.maxTokens();
    byte[] tokenizerJson;
    try {
      tokenizerJson = Files.readAllBytes(tokenizerFile);
    } catch (IOException e) {
      throw new ModelException("cannot read " + tokenizerFile + ": " + e.getMessage(), e);
    }
    String instruction =
        ModelConfig.AUTO.equals(config.queryInstruction()) ? "" : config.queryInstruction();
    LoadedSession session = OnnxSessions.open(onnx, config);
    return OnnxTextEmbedder.open(
        ModelConfig.BGE_M3,
        instruction,
        session,
        tokenizerJson,
        tokenizerFile.toString(),
        maxTokens,
        config,
        (sig, special) -> decoder(dir, sig, config, special));
  }

  private static OutputDecoder decoder(
      Path dir, Signature sig, ModelConfig config, Set<Integer> special) {
    OutputNames out = config.outputNames();
    Optional<String> dense = pick(sig, out.dense(), DENSE);
    Optional<String> sparse = pick(sig, out.sparse(), SPARSE);
    Optional<String> colbert = pick(sig, out.colbert(), COLBERT);
    if (dense.isPresent() && sparse.isPresent() && colbert.isPresent()) {
      sig.requireOutput(dense.get(), "FLOAT", "model.output_names.dense", 2);
      sig.requireOutput(sparse.get(), "FLOAT", "model.output_names.sparse", 2, 3);
      sig.requireOutput(colbert.get(), "FLOAT", "model.output_names.colbert", 3);
      return new ExportedHeadsDecoder(
          dense.get(), sparse.get(), colbert.get(), config.normalize(), special);
    }
    String hidden = out.hiddenState();
    if (sig.outputs().containsKey(hidden)) {
      TensorSpec spec = sig.requireOutput(hidden, "FLOAT", "model.output_names.hidden_state", 3);
      long size = spec.lastDimension();
      if (size <= 0) {
        throw new ModelException(
            dir.resolve(config.onnxFile())
                + " output '"
                + hidden
                + "' must declare its hidden size (last dimension), got: "
                + spec);
      }
      Path sparseFile = requireFile(dir, config.sparseHeadFile(), "model.sparse_head_file");
      Path colbertFile = requireFile(dir, config.colbertHeadFile(), "model.colbert_head_file");
      LinearHead sparseHead = LinearHead.read(sparseFile, (int) size, 1, "model.sparse_head_file");
      LinearHead colbertHead =
          LinearHead.read(colbertFile, (int) size, 0, "model.colbert_head_file");
      return new HiddenStateDecoder(
          hidden, config.pooling(), config.normalize(), sparseHead, colbertHead, special);
    }
    throw new ModelException(
        dir.resolve(config.onnxFile())
            + " is not a BGE-M3 export this server reads. It needs"
            + " either the three head outputs ("
            + String.join("/", DENSE.get(0), SPARSE.get(0), COLBERT.get(0))
            + ", or "
            + String.join("/", DENSE.get(1), SPARSE.get(1), COLBERT.get(1))
            + "; names set by model.output_names.*),"
            + " or the encoder output '"
            + hidden
            + "' (model.output_names.hidden_state) with the head files "
            + config.sparseHeadFile()
            + " and "
            + config.colbertHeadFile()
            + ". The model has "
            + sig.describe());
  }

  private static Optional<String> pick(Signature sig, String configured, List<String> known) {
    if (!OutputNames.AUTO.equals(configured)) {
      return sig.outputs().containsKey(configured) ? Optional.of(configured) : Optional.empty();
    }
    return sig.firstOutput(known);
  }

  private static Path requireFile(Path dir, String name, String key) {
    Path file = dir.resolve(name);
    if (!Files.isRegularFile(file)) {
      List<String> present;
      try (Stream<Path> list = Files.list(dir)) {
        present = list.map(p -> p.getFileName().toString()).sorted().toList();
      } catch (IOException e) {
        present = List.of("(unreadable: " + e.getMessage() + ")");
      }
      throw new ModelException(
          "model.directory "
              + dir.toAbsolutePath()
              + " has no "
              + name
              + " ("
              + key
              + "); it holds "
              + present);
    }
    return file;
  }
}
