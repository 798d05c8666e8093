package dev.ragserver.langchain4j;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import dev.langchain4j.model.output.TokenUsage;
import dev.ragserver.api.embeddings.EmbeddingsRequest;
import dev.ragserver.api.embeddings.EmbeddingsResponse;
import dev.ragserver.api.embeddings.Model;
import dev.ragserver.client.RagClient;
import java.util.List;
import java.util.Objects;

/**
 * The server's {@code /v1/embeddings} as LangChain4j's {@link EmbeddingModel}, with queries and
 * documents embedded as the model means them (BGE models prefix a query with an instruction).
 *
 * <p>LangChain4j embeds a query through {@link #embed(String)} (its {@code
 * EmbeddingStoreContentRetriever} calls {@code embeddingModel.embed(query.text())}) and stored text
 * through {@link #embedAll(List)} (its ingestor): so {@code embed(String)} embeds a <em>query</em>
 * (the model's query alias {@code NAME:query}), and {@code embedAll} and {@code embed(TextSegment)}
 * embed <em>documents</em>. {@link #forDocuments()} gives a model that embeds every text, {@code
 * embed(String)} included, as a document.
 */
public final class RagEmbeddingModel implements EmbeddingModel {
  private final RagClient client;
  private final String model;
  private final boolean stringsAreQueries;
  private volatile String servedModel;
  private volatile int dimension;

  private RagEmbeddingModel(RagClient client, String model, boolean stringsAreQueries) {
    this.client = Objects.requireNonNull(client, "client");
    if (model != null && model.endsWith(Model.QUERY_SUFFIX)) {
      throw new IllegalArgumentException(
          "model must be a model's own name (queries get its query alias themselves), got: "
              + model);
    }
    this.model = model;
    this.stringsAreQueries = stringsAreQueries;
  }

  /** The server's default model. */
  public static RagEmbeddingModel of(RagClient client) {
    return new RagEmbeddingModel(client, null, true);
  }

  /** A served model by name (GET /v1/models lists them). */
  public static RagEmbeddingModel of(RagClient client, String model) {
    return new RagEmbeddingModel(client, Objects.requireNonNull(model, "model"), true);
  }

  /** The same model, embedding {@code embed(String)} as a document too. */
  public RagEmbeddingModel forDocuments() {
    return new RagEmbeddingModel(client, model, false);
  }

  /** The text as a query when this model treats strings as queries (the default). */
  @Override
  public Response<Embedding> embed(String text) {
    if (!stringsAreQueries) {
      return embed(TextSegment.from(text));
    }
    Response<List<Embedding>> r = call(List.of(text), "query");
    return Response.from(r.content().get(0), r.tokenUsage());
  }

  /** The segments as documents. */
  @Override
  public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
    if (segments.isEmpty()) {
      return Response.from(List.of());
    }
    return call(segments.stream().map(TextSegment::text).toList(), "document");
  }

  @Override
  public int dimension() {
    if (dimension == 0) {
      embedAll(List.of(TextSegment.from("dimension")));
    }
    return dimension;
  }

  @Override
  public String modelName() {
    if (servedModel == null) {
      return model == null ? "default" : model;
    }
    return servedModel;
  }

  private Response<List<Embedding>> call(List<String> texts, String inputType) {
    // a named model's queries go to its query alias (NAME:query), the route every OpenAI-style
    // client can take; the server's default model has no name here, so its queries say input_type
    EmbeddingsRequest request =
        model != null && inputType.equals("query")
            ? EmbeddingsRequest.of(model + Model.QUERY_SUFFIX, texts, null)
            : EmbeddingsRequest.of(model, texts, inputType);
    EmbeddingsResponse r = client.embeddings(request);
    List<Embedding> vectors = r.data().stream().map(i -> Embedding.from(i.vector())).toList();
    servedModel = r.model();
    if (!vectors.isEmpty()) {
      dimension = vectors.get(0).dimension();
    }
    int tokens = (int) Math.min(Integer.MAX_VALUE, r.usage().promptTokens());
    return Response.from(vectors, new TokenUsage(tokens, 0));
  }
}
