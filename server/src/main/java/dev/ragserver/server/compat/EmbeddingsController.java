package dev.ragserver.server.compat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ragserver.api.embeddings.EmbeddingsRequest;
import dev.ragserver.api.embeddings.EmbeddingsResponse;
import dev.ragserver.model.Embedding;
import dev.ragserver.model.EmbeddingBatch;
import dev.ragserver.model.EmbeddingPart;
import dev.ragserver.model.MultiVector;
import dev.ragserver.model.SparseVector;
import dev.ragserver.model.TextEmbedder;
import dev.ragserver.model.TokenCounter;
import dev.ragserver.model.pool.ModelPool;
import dev.ragserver.server.http.ApiException;
import dev.ragserver.server.http.Json;
import dev.ragserver.server.http.Metrics;
import dev.ragserver.server.http.Role;
import dev.ragserver.server.http.Timeouts;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * OpenAI-compatible {@code POST /v1/embeddings}: {@code {model, input: string | string[],
 * encoding_format: float | base64}} → {@code {object: "list", data: [{object: "embedding", index,
 * embedding}], model, usage}}. Extensions: {@code input_type} ({@code document}, the default, or
 * {@code query}, which adds the model's query instruction) and {@code parts} (any of {@code dense},
 * {@code sparse}, {@code multi_vector}): sparse weights come as {@code sparse_embedding: [{index,
 * value}]} (TEI's shape), token vectors as {@code multi_vector: [[...], ...]}. {@code model} may be
 * any name (the response names the model that really ran); a name ending in {@code :query} (the
 * query alias {@code /v1/models} lists) embeds the inputs as queries, for clients that cannot send
 * {@code input_type}.
 */
public final class EmbeddingsController {
  private static final int MAX_INPUTS = 2048;
  private final ModelPool models;
  private final String defaultModel;
  private final Metrics metrics;
  private final Timeouts timeouts;
  private final int maxChars;
  private final int maxTokens;

  /**
   * @param maxChars {@code server.max_query_chars} (an input may hold 8 times as many)
   * @param maxTokens {@code server.max_embedding_tokens}: the most tokens one request embeds
   */
  public EmbeddingsController(
      ModelPool models,
      String defaultModel,
      Metrics metrics,
      Timeouts timeouts,
      int maxChars,
      int maxTokens) {
    this.models = models;
    this.defaultModel = defaultModel;
    this.metrics = metrics;
    this.timeouts = timeouts;
    this.maxChars = maxChars;
    this.maxTokens = maxTokens;
  }

  public void register(RoutesConfig routes) {
    routes.post("/v1/embeddings", this::embed, Role.READ);
  }

  private void embed(Context ctx) {
    EmbeddingsRequest body = Json.body(ctx, EmbeddingsRequest.class);
    List<String> inputs = inputs(body.input());
    String format = body.encodingFormat() == null ? "float" : body.encodingFormat();
    if (!format.equals("float") && !format.equals("base64")) {
      throw ApiException.badField(
          "encoding_format", "encoding_format must be float or base64, got: " + format);
    }
    String inputType = inputType(body);
    TextEmbedder embedder = model(body.model());
    if (body.dimensions() != null && body.dimensions() != embedder.info().denseDimension()) {
      throw ApiException.badField(
          "dimensions",
          "model "
              + embedder.info().id()
              + " has "
              + embedder.info().denseDimension()
              + " dimensions and cannot shorten them, got: "
              + body.dimensions());
    }
    Set<EmbeddingPart> parts = parts(embedder, body.parts());
    withinTokenBudget(embedder, inputs);
    long t0 = System.nanoTime();
    EmbeddingBatch batch =
        timeouts.call(
            "embedding",
            deadline ->
                inputType.equals("query")
                    ? embedder.embedQueries(inputs, parts)
                    : embedder.embedDocuments(inputs, parts));
    metrics.embedding(inputType, System.nanoTime() - t0);
    List<EmbeddingsResponse.Item> data = new ArrayList<>();
    long tokens = 0;
    for (int i = 0; i < inputs.size(); i++) {
      Embedding e = batch.get(i);
      tokens += e.tokens();
      Object dense =
          e.dense() == null ? null : format.equals("base64") ? base64(e.dense()) : e.dense();
      data.add(
          new EmbeddingsResponse.Item(
              "embedding",
              i,
              dense,
              e.sparse() == null ? null : sparse(e.sparse()),
              e.multiVector() == null ? null : multi(e.multiVector())));
    }
    ctx.json(
        new EmbeddingsResponse(
            "list", data, embedder.info().id(), new EmbeddingsResponse.Usage(tokens, tokens)));
  }

  /** The served model a request names, by name or query alias; else the default model. */
  private TextEmbedder model(String requested) {
    String name =
        requested != null && requested.endsWith(ModelsController.QUERY_SUFFIX)
            ? requested.substring(0, requested.length() - ModelsController.QUERY_SUFFIX.length())
            : requested;
    return models.embedder(name != null && models.serves(name) ? name : defaultModel);
  }

  /**
   * {@code input_type}, else {@code query} for a model name ending in {@code :query}, else {@code
   * document}; a query alias with {@code input_type: document} contradicts itself.
   */
  private static String inputType(EmbeddingsRequest body) {
    boolean alias = body.model() != null && body.model().endsWith(ModelsController.QUERY_SUFFIX);
    if (body.inputType() == null) {
      return alias ? "query" : "document";
    }
    String inputType = body.inputType();
    if (!inputType.equals("document") && !inputType.equals("query")) {
      throw ApiException.badField(
          "input_type", "input_type must be document or query, got: " + inputType);
    }
    if (alias && inputType.equals("document")) {
      throw ApiException.badField(
          "input_type",
          "model " + body.model() + " embeds queries; input_type document contradicts it");
    }
    return inputType;
  }

  /**
   * Refuses a request that would embed more than {@code server.max_embedding_tokens} tokens (each
   * input counted up to the model's max tokens, as it is truncated there). A cheap upper bound (a
   * token spans at least one UTF-8 byte) spares the tokenizer for ordinary requests.
   */
  private void withinTokenBudget(TextEmbedder embedder, List<String> inputs) {
    TokenCounter counter = embedder.tokenCounter();
    int perInput = counter.maxContentTokens();
    long bound = 0;
    for (String s : inputs) {
      bound += Math.min(perInput, s.getBytes(StandardCharsets.UTF_8).length);
    }
    if (bound <= maxTokens) {
      return;
    }
    long tokens = 0;
    for (String s : inputs) {
      tokens += Math.min(perInput, counter.count(s));
    }
    if (tokens > maxTokens) {
      throw ApiException.badField(
          "input",
          "the inputs hold "
              + tokens
              + " tokens; one request may embed at most "
              + maxTokens
              + " (server.max_embedding_tokens): send fewer or shorter inputs");
    }
  }

  private List<String> inputs(JsonNode v) {
    List<String> out = new ArrayList<>();
    if (v == null || v.isNull()) {
      throw ApiException.badField("input", "input must be a string or an array of strings");
    }
    if (v.isTextual()) {
      out.add(v.asText());
    } else if (v.isArray() && !v.isEmpty() && v.size() <= MAX_INPUTS) {
      for (int i = 0; i < v.size(); i++) {
        if (!v.get(i).isTextual()) {
          throw ApiException.badField(
              "input[" + i + "]",
              "input[" + i + "] must be a string (token arrays are not" + " accepted)");
        }
        out.add(v.get(i).asText());
      }
    } else {
      throw ApiException.badField(
          "input", "input must be a string or an array of 1 to " + MAX_INPUTS + " strings");
    }
    for (int i = 0; i < out.size(); i++) {
      if (out.get(i).isBlank()) {
        throw ApiException.badField("input[" + i + "]", "input[" + i + "] is blank");
      }
      if (out.get(i).length() > maxChars * 8L) {
        throw ApiException.badField(
            "input[" + i + "]",
            "input["
                + i
                + "] is longer than "
                + maxChars * 8
                + " characters (8 × server.max_query_chars)");
      }
    }
    return out;
  }

  private Set<EmbeddingPart> parts(TextEmbedder embedder, List<String> v) {
    if (v == null) {
      return EnumSet.of(EmbeddingPart.DENSE);
    }
    if (v.isEmpty()) {
      throw ApiException.badField(
          "parts", "parts must be a non-empty array of dense, sparse, multi_vector");
    }
    Set<EmbeddingPart> out = EnumSet.noneOf(EmbeddingPart.class);
    for (int i = 0; i < v.size(); i++) {
      try {
        EmbeddingPart p =
            EmbeddingPart.valueOf(String.valueOf(v.get(i)).toUpperCase(java.util.Locale.ROOT));
        if (!embedder.info().parts().contains(p)) {
          throw ApiException.badField(
              "parts[" + i + "]",
              "model "
                  + embedder.info().id()
                  + " does not produce "
                  + v.get(i)
                  + "; it has "
                  + embedder.info().parts());
        }
        out.add(p);
      } catch (IllegalArgumentException e) {
        throw ApiException.badField(
            "parts[" + i + "]",
            "parts[" + i + "] must be dense, sparse or multi_vector, got: " + v.get(i));
      }
    }
    return out;
  }

  private static String base64(float[] v) {
    ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : v) {
      b.putFloat(f);
    }
    return Base64.getEncoder().encodeToString(b.array());
  }

  private static List<EmbeddingsResponse.SparseWeight> sparse(SparseVector s) {
    List<EmbeddingsResponse.SparseWeight> out = new ArrayList<>();
    for (int i = 0; i < s.size(); i++) {
      out.add(new EmbeddingsResponse.SparseWeight(s.tokenId(i), s.weight(i)));
    }
    return out;
  }

  private static List<float[]> multi(MultiVector m) {
    List<float[]> out = new ArrayList<>(m.count());
    for (int i = 0; i < m.count(); i++) {
      out.add(m.vector(i));
    }
    return out;
  }
}
