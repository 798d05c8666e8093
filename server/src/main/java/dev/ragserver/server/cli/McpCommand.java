package dev.ragserver.server.cli;

import dev.ragserver.server.engine.Engine;
import dev.ragserver.server.http.ServerApp;
import dev.ragserver.server.http.Timeouts;
import dev.ragserver.server.mcp.McpEndpoint;
import dev.ragserver.server.mcp.McpTools;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code ./rag mcp}: the MCP tools over standard input and output, for desktop clients that launch
 * a command (Claude Desktop, Cursor). It opens the data folder itself, as {@code ./rag serve} does,
 * so it cannot run beside a server over the same embedded collections (the index lock): point such
 * a client at the server's {@code /mcp} instead.
 */
@Command(
    name = "mcp",
    mixinStandardHelpOptions = true,
    description =
        "Serve the MCP tools (search, list_collections, get_document) over stdin/stdout until"
            + " the client closes them; the log goes to stderr.")
final class McpCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;

  @Override
  public Integer call() throws InterruptedException {
    // the protocol owns standard output: keep a handle on it, and send anything else printed
    // there (a library's notice) to standard error
    OutputStream protocol = new FileOutputStream(FileDescriptor.out);
    System.setOut(System.err);
    try (Engine engine = Engine.open(config.load());
        Timeouts timeouts = new Timeouts(engine.config().server().requestTimeoutMs())) {
      McpEndpoint.serveStdio(
          McpTools.Sources.of(engine, timeouts), ServerApp.version(), System.in, protocol);
    }
    return 0;
  }
}
