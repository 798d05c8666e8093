package dev.ragserver.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.rag.AugmentationRequest;
import dev.langchain4j.rag.AugmentationResult;
import dev.langchain4j.rag.DefaultRetrievalAugmentor;
import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.content.ContentMetadata;
import dev.langchain4j.rag.content.injector.DefaultContentInjector;
import dev.langchain4j.rag.query.Metadata;
import dev.langchain4j.rag.query.Query;
import dev.ragserver.api.collections.CreateCollection;
import dev.ragserver.api.documents.DocumentInput;
import dev.ragserver.api.query.Filters;
import dev.ragserver.client.RagApiException;
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

/**
 * LangChain4j's own {@link DefaultRetrievalAugmentor} with our retriever against a real server: the
 * augmented user message carries the chunk that answers, with its citation.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class RagContentRetrieverTest {
  static final String OWLS = "Owls hunt at night. Their soft feathers make their flight silent.";

  @TempDir static Path dir;
  private TestServer server;
  private RagClient client;

  @BeforeAll
  void start() {
    server = new TestServer(dir.resolve("data"), Map.of());
    client = RagClient.builder(URI.create(server.base())).build();
    client.createCollection("kb", CreateCollection.defaults());
    client.upsert(
        "kb",
        List.of(
            DocumentInput.ofText("owls", OWLS)
                .withCitation("Owls", "birds/owls.md")
                .withMetadata(Map.of("team", "red", "reviewed", true)),
            DocumentInput.ofText("bread", "Sourdough bread rises with wild yeast overnight.")
                .withCitation("Bread", "kitchen/bread.md")
                .withMetadata(Map.of("team", "blue")),
            DocumentInput.ofText("tides", "Tides rise and fall twice a day, pulled by the moon.")
                .withCitation("Tides", "sea/tides.md")
                .withMetadata(Map.of("team", "blue"))));
  }

  @AfterAll
  void stop() {
    client.close();
    server.close();
  }

  @Test
  void theAugmentedMessageCarriesTheChunkThatAnswersWithItsSource() {
    DefaultRetrievalAugmentor augmentor =
        DefaultRetrievalAugmentor.builder()
            .contentRetriever(RagContentRetriever.builder(client, "kb").maxResults(2).build())
            .contentInjector(
                DefaultContentInjector.builder()
                    .metadataKeysToInclude(List.of("source", "title"))
                    .build())
            .build();
    UserMessage question = UserMessage.from("Why is an owl's flight silent?");
    AugmentationResult result =
        augmentor.augment(
            new AugmentationRequest(question, Metadata.from(question, "chat-1", List.of())));
    String augmented = ((UserMessage) result.chatMessage()).singleText();
    assertTrue(augmented.startsWith("Why is an owl's flight silent?"), augmented);
    assertTrue(augmented.contains(OWLS), augmented);
    assertTrue(augmented.contains("birds/owls.md"), augmented);
    assertEquals(2, result.contents().size());
    assertEquals(OWLS, result.contents().get(0).textSegment().text());
  }

  @Test
  void eachContentCarriesItsCitationAndRelevance() {
    List<Content> contents =
        RagContentRetriever.builder(client, "kb")
            .build()
            .retrieve(Query.from("Why is an owl's flight silent?"));
    Content best = contents.get(0);
    var meta = best.textSegment().metadata();
    assertEquals("owls", meta.getString("document_id"));
    assertEquals("owls#0", best.metadata().get(ContentMetadata.EMBEDDING_ID));
    assertEquals("Owls", meta.getString("title"));
    assertEquals("birds/owls.md", meta.getString("source"));
    assertEquals("red", meta.getString("team"));
    assertEquals("true", meta.getString("reviewed"), "booleans as strings");
    double relevance = (Double) best.metadata().get(ContentMetadata.SCORE);
    assertTrue(relevance > 0 && relevance <= 1, "relevance: " + relevance);
    assertEquals(relevance, meta.getDouble("relevance"), 1e-6);
    assertTrue(
        relevance
            >= (Double) contents.get(contents.size() - 1).metadata().get(ContentMetadata.SCORE));
  }

  @Test
  void aFilterAndAThresholdNarrowWhatIsRetrieved() {
    List<Content> blue =
        RagContentRetriever.builder(client, "kb")
            .filter(Filters.equalTo("team", "blue"))
            .build()
            .retrieve(Query.from("Why is an owl's flight silent?"));
    assertTrue(
        blue.stream().allMatch(c -> "blue".equals(c.textSegment().metadata().getString("team"))),
        blue.toString());
    List<Content> sure =
        RagContentRetriever.builder(client, "kb")
            .minRelevance(0.99)
            .build()
            .retrieve(Query.from("What is the capital of Peru?"));
    assertEquals(List.of(), sure, "nothing is that relevant to an unrelated question");
  }

  @Test
  void aMissingCollectionFailsLoudly() {
    RagContentRetriever missing = RagContentRetriever.builder(client, "nope").build();
    assertThrows(RagApiException.NotFound.class, () -> missing.retrieve(Query.from("x")));
  }
}
