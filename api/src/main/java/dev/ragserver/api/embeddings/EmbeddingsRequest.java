package dev.ragserver.api.embeddings;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;

/**
 * OpenAI's embeddings request ({@code POST /v1/embeddings}), with this server's extensions.
 *
 * @param model a served model (or its query alias {@code NAME:query}); any other name gets the
 *     default model
 * @param input a string or an array of strings (token arrays are refused)
 * @param encodingFormat float (default) or base64
 * @param inputType document (default) or query (adds the model's query instruction)
 * @param parts any of dense (default), sparse, multi_vector
 * @param user ignored
 * @param dimensions the model's own dimensions (it cannot shorten them)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EmbeddingsRequest(
    String model,
    JsonNode input,
    String encodingFormat,
    String inputType,
    List<String> parts,
    String user,
    Integer dimensions) {
  /**
   * Dense vectors of these texts.
   *
   * @param model the model, or null for the server's default
   * @param inputType document or query
   */
  public static EmbeddingsRequest of(String model, List<String> texts, String inputType) {
    ArrayNode input = JsonNodeFactory.instance.arrayNode();
    texts.forEach(input::add);
    return new EmbeddingsRequest(model, input, null, inputType, null, null, null);
  }
}
