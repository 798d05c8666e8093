package dev.ragserver.server.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragserver.server.http.Json;
import dev.ragserver.server.http.TestServer;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./rag mcp} as a desktop client runs it: the MCP Java SDK's stdio client launches the
 * command (the CLI's main class, on this test's class path) over a data folder and calls its tools.
 */
class McpStdioTest {
  @TempDir Path dir;

  @Test
  void aClientThatLaunchesTheCommandSearchesOverStdio() {
    Path data = dir.resolve("data");
    try (TestServer s = new TestServer(data, Map.of())) {
      assertEquals(201, s.put("/v1/collections/notes", "{}").status());
      assertEquals(
          200,
          s.post(
                  "/v1/collections/notes/documents",
                  "{\"documents\": [{\"id\": \"glaciers\", \"title\": \"Glaciers\", \"text\":"
                      + " \"Glaciers are rivers of ice that move slowly downhill.\"}]}")
              .status());
    }
    ServerParameters command =
        ServerParameters.builder(Path.of(System.getProperty("java.home"), "bin", "java").toString())
            .args(
                "--add-modules",
                "jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED",
                "-Xss4m",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.ragserver.server.cli.RagCli",
                "mcp",
                "--set",
                "index.data_dir=" + data)
            .build();
    try (McpSyncClient c =
        McpClient.sync(new StdioClientTransport(command, new JacksonMcpJsonMapper(Json.MAPPER)))
            .requestTimeout(Duration.ofSeconds(120))
            .initializationTimeout(Duration.ofSeconds(120))
            .build()) {
      assertEquals("rag", c.initialize().serverInfo().name());
      assertEquals(
          List.of("search", "list_collections", "get_document"),
          c.listTools().tools().stream().map(McpSchema.Tool::name).toList());
      McpSchema.CallToolResult hits =
          c.callTool(
              new McpSchema.CallToolRequest(
                  "search", Map.of("collection", "notes", "query", "slow rivers of ice")));
      String text = ((McpSchema.TextContent) hits.content().get(0)).text();
      assertTrue(
          text.startsWith(
              "1 passage from collection notes for \"slow rivers of ice\"\n\n[1] Glaciers"),
          text);
    }
  }
}
