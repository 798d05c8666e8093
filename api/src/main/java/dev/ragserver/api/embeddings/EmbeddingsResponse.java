package dev.ragserver.api.embeddings;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;

/**
 * OpenAI's embeddings response.
 *
 * @param object always {@code list}
 * @param data one item per input, in input order
 * @param model the model that really ran
 * @param usage tokens embedded
 */
public record EmbeddingsResponse(String object, List<Item> data, String model, Usage usage) {
  /**
   * One input's embedding.
   *
   * @param object always {@code embedding}
   * @param index the input's position
   * @param embedding the dense vector: an array of floats (a {@code float[]} when written, a list
   *     of numbers when read), or little-endian float32 bytes in base64; see {@link #vector()}
   * @param sparseEmbedding with {@code parts: ["sparse"]}: token id and weight pairs (TEI's shape)
   * @param multiVector with {@code parts: ["multi_vector"]}: one vector per token
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @SuppressWarnings("ArrayRecordComponent") // token vectors as sent; a carrier, never compared
  public record Item(
      String object,
      int index,
      Object embedding,
      List<SparseWeight> sparseEmbedding,
      List<float[]> multiVector) {
    /** The dense vector, whichever encoding it came in; null when dense was not asked for. */
    public float[] vector() {
      return switch (embedding) {
        case null -> null;
        case float[] f -> f.clone();
        case String base64 -> {
          ByteBuffer b = ByteBuffer.wrap(Base64.getDecoder().decode(base64));
          float[] v = new float[b.remaining() / Float.BYTES];
          b.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
          yield v;
        }
        case List<?> list -> {
          float[] v = new float[list.size()];
          for (int i = 0; i < v.length; i++) {
            v[i] = ((Number) list.get(i)).floatValue();
          }
          yield v;
        }
        default ->
            throw new IllegalStateException(
                "embedding must be a list of numbers or a base64 string, got: "
                    + embedding.getClass().getSimpleName());
      };
    }
  }

  /**
   * @param index a token id
   * @param value its weight
   */
  public record SparseWeight(int index, float value) {}

  /**
   * @param promptTokens tokens embedded
   * @param totalTokens the same (no completion)
   */
  public record Usage(long promptTokens, long totalTokens) {}
}
