package dev.ragserver.server.mcp;

import dev.ragserver.server.http.Json;
import dev.ragserver.server.keys.ApiKey;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.server.transport.ServerTransportSecurityException;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.http.HttpServlet;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/**
 * The MCP server at {@code /mcp}: the official SDK's Streamable HTTP transport (a servlet mounted
 * beside the API's routes, on the same port) serving {@link McpTools} and {@link McpResources}; or
 * the same over standard input and output ({@link #serveStdio}). Every request passes {@link Guard}
 * first (the API keys: any key, read or admin, may call the tools, which only read; and the browser
 * checks of the API: a foreign {@code Origin} or {@code Host} is refused) and is answered 401 or
 * 403 with the reason when it fails. Closing it closes the sessions.
 */
public final class McpEndpoint implements AutoCloseable {
  /** Where MCP clients connect. */
  public static final String PATH = "/mcp";

  /** What a request must pass: the reason it may not, with its HTTP status, or null. */
  public interface Guard {
    /**
     * @param header a request header by name (case-insensitive), or null
     * @return why the request is refused (and with which status), or null when it may go on
     */
    Refusal refusal(Function<String, String> header);

    /**
     * The API key a request presents, once it passed (null: no keys configured); the tools check
     * the collections it may use.
     */
    ApiKey key(Function<String, String> header);
  }

  /** Where a request's API key rides in the MCP transport context. */
  static final String KEY = "rag.api-key";

  /** The API key of a tool call or resource read: null over stdio or without keys configured. */
  static ApiKey key(McpSyncServerExchange exchange) {
    Object k = exchange == null ? null : exchange.transportContext().get(KEY);
    return k instanceof ApiKey key ? key : null;
  }

  /**
   * A refused request.
   *
   * @param status 401 or 403
   * @param reason what is missing or wrong
   */
  public record Refusal(int status, String reason) {}

  private final HttpServletStreamableServerTransportProvider transport;
  private final McpSyncServer server;

  /**
   * The endpoint of the HTTP server.
   *
   * @param guard the API's key and browser checks
   * @param version the server's version, as {@code initialize} reports it
   */
  public McpEndpoint(McpTools.Sources sources, Guard guard, String version) {
    McpJsonMapper mapper = new JacksonMcpJsonMapper(Json.MAPPER);
    this.transport =
        HttpServletStreamableServerTransportProvider.builder()
            .jsonMapper(mapper)
            .mcpEndpoint(PATH)
            .securityValidator(headers -> check(guard, headers))
            .contextExtractor(
                request -> {
                  ApiKey key = guard.key(request::getHeader);
                  return key == null
                      ? McpTransportContext.EMPTY
                      : McpTransportContext.create(Map.of(KEY, key));
                })
            .build();
    this.server = configure(McpServer.sync(transport), sources, mapper, version);
  }

  /**
   * Serves the tools over a process's standard input and output ({@code ./rag mcp}) until the input
   * ends: what desktop clients that launch a command speak. Nothing else may write to standard
   * output meanwhile (the log goes to standard error).
   */
  public static void serveStdio(
      McpTools.Sources sources, String version, InputStream in, OutputStream out)
      throws InterruptedException {
    McpJsonMapper mapper = new JacksonMcpJsonMapper(Json.MAPPER);
    CountDownLatch ended = new CountDownLatch(1);
    InputStream watched =
        new FilterInputStream(in) {
          @Override
          public int read() throws IOException {
            return seen(super.read());
          }

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            return seen(super.read(b, off, len));
          }

          private int seen(int n) {
            if (n < 0) {
              ended.countDown();
            }
            return n;
          }
        };
    McpSyncServer server =
        configure(
            McpServer.sync(new StdioServerTransportProvider(mapper, watched, out)),
            sources,
            mapper,
            version);
    try {
      ended.await();
    } finally {
      server.close();
    }
  }

  /** The server of a transport: the tools, the resources, and what to tell a client. */
  private static McpSyncServer configure(
      McpServer.SyncSpecification<?> spec,
      McpTools.Sources sources,
      McpJsonMapper mapper,
      String version) {
    return spec.serverInfo("rag", version)
        .instructions(
            "Retrieval over the knowledge collections of this server: list_collections to see"
                + " them, search to find passages with their citations, get_document to read"
                + " around a passage.")
        .capabilities(
            McpSchema.ServerCapabilities.builder().tools(false).resources(false, false).build())
        .tools(new McpTools(sources, mapper).all())
        .resources(new McpResources(sources.collections()).resources())
        .resourceTemplates(new McpResources(sources.collections()).templates())
        .build();
  }

  private static void check(Guard guard, Map<String, List<String>> headers)
      throws ServerTransportSecurityException {
    Refusal r =
        guard.refusal(
            name ->
                headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty())
                    .map(e -> e.getValue().get(0))
                    .findFirst()
                    .orElse(null));
    if (r != null) {
      throw new ServerTransportSecurityException(r.status(), r.reason());
    }
  }

  /** The servlet to mount at {@link #PATH} (asynchronous: it streams server-sent events). */
  public HttpServlet servlet() {
    return transport;
  }

  @Override
  public void close() {
    server.close();
  }
}
