package dev.ragserver.config;

/**
 * Names of the ONNX model inputs. {@code token_type_ids} is fed only when the model declares it.
 *
 * @param inputIds token ids, int64 [batch, tokens]
 * @param attentionMask 1 for real tokens, 0 for padding, int64 [batch, tokens]
 * @param tokenTypeIds segment ids, int64 [batch, tokens]; all zero for single texts
 */
public record InputNames(String inputIds, String attentionMask, String tokenTypeIds) {
  public InputNames {
    Checks.notBlank("model.input_names.input_ids", inputIds);
    Checks.notBlank("model.input_names.attention_mask", attentionMask);
    Checks.notBlank("model.input_names.token_type_ids", tokenTypeIds);
  }
}
