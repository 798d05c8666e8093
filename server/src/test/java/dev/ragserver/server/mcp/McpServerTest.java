package dev.ragserver.server.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragserver.server.http.TestServer;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.McpHttpClientTransportAuthorizationException;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MCP server as an MCP client sees it: the official MCP Java SDK's own client over Streamable
 * HTTP against the running server (initialize, list the tools, call each), with a read key, and
 * refused without one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class McpServerTest {
  private static final String ADMIN = "admin-key-for-mcp-tests";
  private static final String READ = "read-key-for-mcp-tests";
  @TempDir static Path dir;
  private TestServer s;

  @BeforeAll
  void start() {
    s = new TestServer(dir.resolve("data"), TestServer.withKeys(ADMIN, READ));
    s.key(ADMIN);
    assertEquals(201, s.put("/v1/collections/handbook", "{}").status());
    assertEquals(
        200,
        s.post(
                "/v1/collections/handbook/documents",
                "{\"documents\": ["
                    + "{\"id\": \"tides\", \"title\": \"Tides\", \"source\": \"docs/tides.md\","
                    + " \"text\": \"The Moon's gravity pulls the oceans, which causes the tides."
                    + " Spring tides come at new and full moon.\"},"
                    + "{\"id\": \"owls\", \"title\": \"Owls\", \"text\": \"Owls hunt at night"
                    + " and can turn their heads a long way.\"}]}")
            .status());
  }

  @AfterAll
  void stop() {
    if (s != null) {
      s.close();
    }
  }

  private McpSyncClient client(String key) {
    HttpRequest.Builder request = HttpRequest.newBuilder();
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    return McpClient.sync(
            HttpClientStreamableHttpTransport.builder(s.base())
                .endpoint("/mcp")
                .requestBuilder(request)
                .connectTimeout(Duration.ofSeconds(10))
                .build())
        .requestTimeout(Duration.ofSeconds(60))
        .initializationTimeout(Duration.ofSeconds(60))
        .build();
  }

  private static String text(McpSchema.CallToolResult r) {
    return ((McpSchema.TextContent) r.content().get(0)).text();
  }

  @Test
  void aClientWithAReadKeyListsTheToolsAndSearchesWithCitations() {
    try (McpSyncClient c = client(READ)) {
      McpSchema.InitializeResult init = c.initialize();
      assertEquals("rag", init.serverInfo().name());
      List<String> tools = c.listTools().tools().stream().map(McpSchema.Tool::name).toList();
      assertEquals(List.of("search", "list_collections", "get_document"), tools);
      McpSchema.Tool search = c.listTools().tools().get(0);
      assertEquals(List.of("collection", "query"), search.inputSchema().get("required"));
      assertEquals(
          Boolean.TRUE, search.annotations().readOnlyHint(), "a client may call it freely");
      assertEquals(Boolean.FALSE, search.annotations().destructiveHint());

      McpSchema.CallToolResult hits =
          c.callTool(
              new McpSchema.CallToolRequest(
                  "search",
                  Map.of("collection", "handbook", "query", "what causes the tides", "top_k", 1)));
      assertFalse(Boolean.TRUE.equals(hits.isError()), text(hits));
      String text = text(hits);
      assertTrue(
          text.startsWith(
              "1 passage from collection handbook for \"what causes the tides\"\n\n[1] Tides —"
                  + " docs/tides.md (relevance "),
          text);
      assertTrue(text.contains("chunk tides#0)\nThe Moon's gravity"), text);
      @SuppressWarnings("unchecked")
      Map<String, Object> first =
          ((List<Map<String, Object>>) ((Map<String, Object>) hits.structuredContent()).get("hits"))
              .get(0);
      assertEquals("tides", first.get("document_id"));
      assertEquals("docs/tides.md", first.get("source"));
    }
  }

  @Test
  void listCollectionsAndGetDocumentAnswerWhatTheHttpApiHolds() {
    try (McpSyncClient c = client(READ)) {
      c.initialize();
      McpSchema.CallToolResult list =
          c.callTool(new McpSchema.CallToolRequest("list_collections", Map.of()));
      assertTrue(
          text(list).startsWith("1 collection\n- handbook: 2 documents, 2 chunks, model "),
          text(list));
      McpSchema.CallToolResult doc =
          c.callTool(
              new McpSchema.CallToolRequest(
                  "get_document", Map.of("collection", "handbook", "document_id", "owls")));
      assertEquals(
          "Owls\n\n[chunk 0] Owls hunt at night and can turn their heads a long way.", text(doc));
      McpSchema.CallToolResult window =
          c.callTool(
              new McpSchema.CallToolRequest(
                  "get_document",
                  Map.of("collection", "handbook", "document_id", "owls", "chunk_number", 5)));
      assertTrue(Boolean.TRUE.equals(window.isError()));
      assertEquals("document owls has no chunk number 5", text(window));
    }
  }

  @Test
  void eachCollectionIsAResourceWithItsDescription() throws Exception {
    try (McpSyncClient c = client(READ)) {
      c.initialize();
      assertEquals(
          List.of("rag://collections"),
          c.listResources().resources().stream().map(McpSchema.Resource::uri).toList());
      assertEquals(
          List.of("rag://collections/{name}"),
          c.listResourceTemplates().resourceTemplates().stream()
              .map(McpSchema.ResourceTemplate::uriTemplate)
              .toList());
      McpSchema.ReadResourceResult read =
          c.readResource(new McpSchema.ReadResourceRequest("rag://collections/handbook"));
      var json =
          dev.ragserver.server.http.Json.MAPPER.readTree(
              ((McpSchema.TextResourceContents) read.contents().get(0)).text());
      assertEquals("handbook", json.get("name").asText());
      assertEquals(2, json.get("documents").asInt());
      var listing =
          dev.ragserver.server.http.Json.MAPPER.readTree(
              ((McpSchema.TextResourceContents)
                      c.readResource(new McpSchema.ReadResourceRequest("rag://collections"))
                          .contents()
                          .get(0))
                  .text());
      assertEquals("handbook", listing.at("/collections/0/name").asText());
      RuntimeException unknown =
          assertThrows(
              RuntimeException.class,
              () -> c.readResource(new McpSchema.ReadResourceRequest("rag://collections/nope")));
      assertTrue(unknown.getMessage().contains("nope"), unknown.getMessage());
    }
  }

  @Test
  void badArgumentsAreToolErrorsThatSayWhatToChange() {
    try (McpSyncClient c = client(ADMIN)) {
      c.initialize();
      McpSchema.CallToolResult r =
          c.callTool(
              new McpSchema.CallToolRequest(
                  "search", Map.of("collection", "handbook", "query", "tides", "top_k", 500)));
      assertTrue(Boolean.TRUE.equals(r.isError()));
      assertTrue(
          text(r).contains("/top_k") && text(r).contains("maximum value of 50"),
          "the tool's schema refuses it, naming the argument: " + text(r));
      McpSchema.CallToolResult missing =
          c.callTool(
              new McpSchema.CallToolRequest("search", Map.of("collection", "nope", "query", "x")));
      assertTrue(Boolean.TRUE.equals(missing.isError()));
      assertTrue(text(missing).contains("nope"), text(missing));
    }
  }

  @Test
  void withoutAKeyOrWithAWrongOneTheClientIsRefusedWith401() throws Exception {
    for (String key : new String[] {null, "not-a-key-of-this-server"}) {
      try (McpSyncClient c = client(key)) {
        RuntimeException e = assertThrows(RuntimeException.class, c::initialize);
        Throwable cause = e;
        while (cause != null && !(cause instanceof McpHttpClientTransportAuthorizationException)) {
          cause = cause.getCause();
        }
        assertTrue(cause != null, "the SDK reports an authorization error: " + e);
        assertEquals(
            401,
            ((McpHttpClientTransportAuthorizationException) cause).getResponseInfo().statusCode());
      }
    }
    // what the refusal says, over plain HTTP
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(s.base() + "/mcp"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json, text/event-stream")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"initialize\","
                                + " \"params\": {\"protocolVersion\": \"2025-06-18\","
                                + " \"capabilities\": {}, \"clientInfo\": {\"name\": \"t\","
                                + " \"version\": \"1\"}}}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(401, r.statusCode());
    assertTrue(r.body().contains("an API key is required"), r.body());
  }

  @Test
  void aPageOfAnotherSiteIsRefusedEvenWithAKey() throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(s.base() + "/mcp"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + READ)
                    .header("Origin", "https://evil.example")
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json, text/event-stream")
                    .POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(403, r.statusCode());
    assertTrue(r.body().contains("https://evil.example"), r.body());
  }
}
