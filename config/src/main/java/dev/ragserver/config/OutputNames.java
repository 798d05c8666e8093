package dev.ragserver.config;

/**
 * Names of the ONNX model outputs. {@code auto} tries the names of the known exports in order.
 *
 * @param hiddenState token states [batch, tokens, hidden] of an encoder-only export
 * @param dense pooled, normalised dense vector [batch, dim]; auto: dense_embeddings, dense_vecs
 * @param sparse per-token lexical weights [batch, tokens(, 1)]; auto: sparse_weights, sparse_vecs
 * @param colbert per-token vectors without CLS [batch, tokens - 1, dim]; auto: colbert_vectors,
 *     colbert_vecs
 */
public record OutputNames(String hiddenState, String dense, String sparse, String colbert) {
  /** The value that asks for the known names to be tried. */
  public static final String AUTO = "auto";

  public OutputNames {
    Checks.notBlank("model.output_names.hidden_state", hiddenState);
    Checks.notBlank("model.output_names.dense", dense);
    Checks.notBlank("model.output_names.sparse", sparse);
    Checks.notBlank("model.output_names.colbert", colbert);
  }
}
