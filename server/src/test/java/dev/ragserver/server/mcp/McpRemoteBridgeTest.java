package dev.ragserver.server.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragserver.server.http.NodeClients;
import dev.ragserver.server.http.TestServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bridge docs/integrations.md gives Claude Desktop for a running server: the {@code mcp-remote}
 * npm package (installed by the test into {@code target/npm-mcp-remote}; skipped without {@code
 * node}), launched as a stdio server with the snippet's {@code --header} argument and its key from
 * the environment, driven by {@code scripts/mcp-remote-check.mjs} as the desktop app drives it:
 * initialize, list the tools, search.
 */
class McpRemoteBridgeTest {
  private static final String ADMIN = "admin-key-for-the-bridge";
  private static final String READ = "read-key-for-the-bridge";
  private static final String VERSION = "mcp-remote@0.1.49";

  @TempDir Path dir;

  @Test
  void claudeDesktopsBridgeReachesTheToolsWithTheKeyOfTheSnippet() throws Exception {
    Path clients =
        NodeClients.install(
            "npm-mcp-remote",
            VERSION,
            "mcp-remote",
            "{\"private\": true}\n",
            "the mcp-remote bridge");
    try (TestServer s = new TestServer(dir.resolve("data"), TestServer.withKeys(ADMIN, READ))) {
      s.key(ADMIN);
      assertEquals(201, s.put("/v1/collections/tides", "{}").status());
      assertEquals(
          200,
          s.post(
                  "/v1/collections/tides/documents",
                  "{\"documents\": [{\"id\": \"spring\", \"title\": \"Spring tides\", \"text\":"
                      + " \"Spring tides come at new and full moon, when the Sun and the Moon"
                      + " pull together.\"}]}")
              .status());
      NodeClients.Result r =
          NodeClients.run(
              List.of(
                  "node",
                  Path.of("..", "scripts", "mcp-remote-check.mjs").toAbsolutePath().toString(),
                  s.base() + "/mcp",
                  "tides",
                  "--header",
                  "Authorization:Bearer ${RAG_KEY}"),
              clients,
              Map.of("RAG_KEY", READ));
      assertEquals(0, r.exit(), r.output());
      String out = r.output();
      assertTrue(out.contains("server: {\"name\":\"rag\""), out);
      assertTrue(out.contains("tools: search,list_collections,get_document"), out);
      assertTrue(out.contains("search: 1 passage from collection tides for \"spring tides\""), out);
    }
  }
}
