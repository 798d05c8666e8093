package dev.ragserver.langchain4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.content.retriever.EmbeddingStoreContentRetriever;
import dev.langchain4j.rag.query.Query;
import dev.langchain4j.store.embedding.inmemory.InMemoryEmbeddingStore;
import dev.ragserver.client.RagClient;
import dev.ragserver.server.http.TestServer;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Our {@code /v1/embeddings} as LangChain4j's EmbeddingModel, against a real server. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class RagEmbeddingModelTest {
  @TempDir static Path dir;
  private TestServer server;
  private RagClient client;

  @BeforeAll
  void start() {
    server = new TestServer(dir.resolve("data"), Map.of());
    client = RagClient.builder(URI.create(server.base())).build();
  }

  @AfterAll
  void stop() {
    client.close();
    server.close();
  }

  @Test
  void aQueryIsEmbeddedAsAQueryAndStoredTextAsADocument() {
    RagEmbeddingModel model = RagEmbeddingModel.of(client);
    String text = "Why is an owl's flight silent?";
    float[] query = model.embed(text).content().vector();
    float[] document = model.embed(TextSegment.from(text)).content().vector();
    String served = model.modelName();
    assertArrayEquals(client.embedQueries(served, List.of(text)).get(0), query, 1e-6f);
    assertArrayEquals(client.embedDocuments(served, List.of(text)).get(0), document, 1e-6f);
    assertFalse(java.util.Arrays.equals(query, document));
    assertArrayEquals(document, model.forDocuments().embed(text).content().vector(), 1e-6f);
    assertEquals(query.length, model.dimension());

    RagEmbeddingModel named = RagEmbeddingModel.of(client, served);
    assertArrayEquals(query, named.embed(text).content().vector(), 1e-6f, "via NAME:query");
    assertArrayEquals(document, named.embed(TextSegment.from(text)).content().vector(), 1e-6f);
  }

  @Test
  void langChain4jsOwnEmbeddingStoreRetrieverFindsTheRightSegment() {
    RagEmbeddingModel model = RagEmbeddingModel.of(client);
    List<TextSegment> segments =
        List.of(
            TextSegment.from(RagContentRetrieverTest.OWLS),
            TextSegment.from("Sourdough bread rises with wild yeast overnight."),
            TextSegment.from("Tides rise and fall twice a day, pulled by the moon."));
    List<Embedding> vectors = model.embedAll(segments).content();
    assertEquals(3, vectors.size());
    InMemoryEmbeddingStore<TextSegment> store = new InMemoryEmbeddingStore<>();
    store.addAll(vectors, segments);
    List<Content> found =
        EmbeddingStoreContentRetriever.builder()
            .embeddingStore(store)
            .embeddingModel(model)
            .maxResults(1)
            .build()
            .retrieve(Query.from("What pulls the sea up and down?"));
    assertEquals(segments.get(2).text(), found.get(0).textSegment().text());
  }
}
