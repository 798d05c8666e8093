package dev.ragserver.server.compat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import dev.ragserver.server.http.NodeClients;
import dev.ragserver.server.http.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAI routes as real clients call them: the official {@code openai} Node SDK (6.x, from npm)
 * running the example of docs/http-api.md as written, and LangChain4j's {@code
 * OpenAiEmbeddingModel} running the Java example of the same page (kept equal to this file's region
 * between the {@code docs:langchain4j} markers).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenAiClientsTest {
  private static final String READ_KEY = "openai-read-key-0123456789";
  private static final Path DOCS = Path.of("..", "docs", "http-api.md");

  @TempDir static Path dir;
  private TestServer s;

  @BeforeAll
  void start() {
    s = new TestServer(dir.resolve("data"), Map.of("server.read_keys", "[\"" + READ_KEY + "\"]"));
    s.key(READ_KEY);
  }

  @AfterAll
  void stop() {
    s.close();
  }

  @Test
  void modelsAreListedWithTheirQueryAliasInOpenAisShape() {
    JsonNode list = s.get("/v1/models").json();
    assertEquals("list", list.get("object").asText());
    assertEquals("bge-small-en-v1.5", list.at("/data/0/id").asText());
    assertEquals("bge-small-en-v1.5:query", list.at("/data/1/id").asText());
    assertEquals("model", list.at("/data/1/object").asText());
    assertEquals(
        "bge-small-en-v1.5:query",
        s.get("/v1/models/bge-small-en-v1.5:query").json().get("id").asText());
    TestServer.Response missing = s.get("/v1/models/gpt-4o");
    assertEquals(404, missing.status());
    assertEquals("model_not_found", missing.json().at("/error/code").asText());
    assertEquals("not_found_error", missing.json().at("/error/type").asText());
  }

  @Test
  void theQueryAliasEmbedsAsQueriesAndErrorsCarryOpenAisErrorObject() {
    JsonNode alias =
        s.post("/v1/embeddings", "{\"model\": \"bge-small-en-v1.5:query\", \"input\": \"tides\"}")
            .json();
    JsonNode typed =
        s.post("/v1/embeddings", "{\"input\": \"tides\", \"input_type\": \"query\"}").json();
    JsonNode document =
        s.post("/v1/embeddings", "{\"model\": \"bge-small-en-v1.5\", \"input\": \"tides\"}").json();
    assertEquals(typed.at("/data/0/embedding"), alias.at("/data/0/embedding"));
    assertNotEquals(document.at("/data/0/embedding"), alias.at("/data/0/embedding"));
    TestServer.Response tokens = s.post("/v1/embeddings", "{\"input\": [[1, 2, 3]]}");
    assertEquals(400, tokens.status());
    JsonNode error = tokens.json().get("error");
    assertEquals("invalid_request_error", error.get("type").asText());
    assertEquals("input[0]", error.get("param").asText());
    assertTrue(error.get("message").asText().contains("token arrays are not accepted"));
    TestServer.Response contradiction =
        s.post(
            "/v1/embeddings",
            "{\"model\": \"bge-small-en-v1.5:query\", \"input\": \"x\", \"input_type\": \"document\"}");
    assertEquals(400, contradiction.status());
    assertEquals("input_type", contradiction.json().at("/error/param").asText());
    s.key("not-a-key-0123456789abcdef");
    TestServer.Response unauthorized = s.post("/v1/embeddings", "{\"input\": \"x\"}");
    s.key(READ_KEY);
    assertEquals(401, unauthorized.status());
    assertEquals("invalid_api_key", unauthorized.json().at("/error/code").asText());
  }

  @Test
  void langChain4jEmbedsDocumentsAndQueriesThroughTheExampleOfTheDocs() throws IOException {
    String baseUrl = s.base() + "/v1";
    String readKey = READ_KEY;
    // docs:langchain4j-begin
    OpenAiEmbeddingModel documents =
        OpenAiEmbeddingModel.builder()
            .baseUrl(baseUrl) // http://localhost:8080/v1
            .apiKey(readKey)
            .modelName("bge-small-en-v1.5")
            .build();
    OpenAiEmbeddingModel queries =
        OpenAiEmbeddingModel.builder()
            .baseUrl(baseUrl)
            .apiKey(readKey)
            .modelName("bge-small-en-v1.5:query")
            .build();
    Embedding passage = documents.embed("Lighthouses warn ships of rocks.").content();
    Embedding question = queries.embed("how do ships stay safe at night?").content();
    // docs:langchain4j-end
    assertEquals(384, passage.dimension());
    JsonNode typed =
        s.post(
                "/v1/embeddings",
                "{\"input\": \"how do ships stay safe at night?\", \"input_type\": \"query\"}")
            .json();
    float[] expected = new float[384];
    for (int i = 0; i < 384; i++) {
      expected[i] = (float) typed.at("/data/0/embedding/" + i).asDouble();
    }
    assertArrayEquals(expected, question.vector(), 1e-6f, "the alias embeds as a query");
    OpenAiEmbeddingModel wrongKey =
        OpenAiEmbeddingModel.builder()
            .baseUrl(baseUrl)
            .apiKey("wrong-key-0123456789abc")
            .modelName("x")
            .build();
    RuntimeException e = assertThrows(RuntimeException.class, () -> wrongKey.embed("x"));
    assertTrue(
        String.valueOf(e.getMessage()).contains("not valid"),
        "the client shows the server's message: " + e.getMessage());
    assertEquals(
        region(
            Files.readString(
                Path.of("src/test/java/dev/ragserver/server/compat/OpenAiClientsTest.java"))),
        example("langchain4j", "java"),
        "docs/http-api.md's LangChain4j example is the code this test runs");
  }

  @Test
  void theOfficialNodeSdkRunsTheExampleOfTheDocsAsWritten() throws Exception {
    Path clients =
        NodeClients.install(
            "npm-clients",
            "openai@6",
            "openai",
            "{\"private\": true, \"type\": \"module\"}\n",
            "the openai SDK example");
    Path script = clients.resolve("example.mjs");
    Files.writeString(script, example("openai-node", "js"));
    NodeClients.Result r =
        NodeClients.run(
            List.of("node", script.toString()),
            clients,
            Map.of("RAG_URL", s.base(), "RAG_KEY", READ_KEY));
    assertEquals(0, r.exit(), r.output());
    List<String> lines = r.output().lines().toList();
    assertEquals(
        "bge-small-en-v1.5 bge-small-en-v1.5:query bge-small-en-v1.5-q bge-small-en-v1.5-q:query"
            + " bge-small-zh-v1.5 bge-small-zh-v1.5:query",
        lines.get(0),
        r.output());
    assertEquals("384 384", lines.get(1), r.output());
    assertTrue(
        lines.get(2).startsWith("400 ") && lines.get(2).contains("token arrays are not accepted"),
        "the SDK shows the server's message, not \"(no body)\": " + r.output());
  }

  /** The code block after {@code <!-- example: NAME -->} in docs/http-api.md. */
  private static String example(String name, String language) throws IOException {
    String doc = Files.readString(DOCS);
    int marker = doc.indexOf("<!-- example: " + name + " -->");
    assertTrue(marker >= 0, "docs/http-api.md has no example " + name);
    int start = doc.indexOf("```" + language + "\n", marker) + language.length() + 4;
    return doc.substring(start, doc.indexOf("```", start));
  }

  /** This file's lines between the docs markers, de-indented. */
  private static String region(String source) {
    String begin = "// docs:langchain4j-begin\n";
    String inner =
        source.substring(
            source.indexOf(begin) + begin.length(), source.indexOf("    // docs:langchain4j-end"));
    StringBuilder b = new StringBuilder();
    inner.lines().forEach(l -> b.append(l.length() >= 4 ? l.substring(4) : l.strip()).append('\n'));
    return b.toString();
  }
}
