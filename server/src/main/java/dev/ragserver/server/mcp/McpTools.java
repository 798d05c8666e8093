package dev.ragserver.server.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ragserver.api.collections.CollectionEntry;
import dev.ragserver.api.collections.CollectionView;
import dev.ragserver.api.query.ChunkView;
import dev.ragserver.api.query.QueryResponse;
import dev.ragserver.index.IndexException;
import dev.ragserver.index.collection.CollectionIndex;
import dev.ragserver.index.schema.StoredChunk;
import dev.ragserver.index.search.QueryLimits;
import dev.ragserver.index.search.SearchDefaults;
import dev.ragserver.server.collections.CollectionsController;
import dev.ragserver.server.engine.Collections;
import dev.ragserver.server.engine.Engine;
import dev.ragserver.server.http.Access;
import dev.ragserver.server.http.ApiException;
import dev.ragserver.server.http.Json;
import dev.ragserver.server.http.Timeouts;
import dev.ragserver.server.keys.ApiKey;
import dev.ragserver.server.query.QueryReader;
import dev.ragserver.server.query.QueryService;
import dev.ragserver.server.query.QueryViews;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The MCP tools: what a model may call to find knowledge, each with a JSON schema and a description
 * written for a model choosing among tools. Every tool answers with text a model reads well (one
 * block per hit, its citation first) and the same result as structured content (the HTTP API's
 * JSON). A bad argument or a failure is a tool error ({@code isError}) whose text says what to
 * change, so the model can correct its call.
 */
public final class McpTools {
  /** Most hits a search tool call returns. */
  static final int MAX_TOP_K = 50;

  /** Most chunks on either side of a chunk {@code get_document} returns. */
  static final int MAX_WINDOW = 10;

  private final Collections collections;
  private final QueryService queries;
  private final QueryReader reader;
  private final Timeouts timeouts;
  private final McpJsonMapper mapper;

  /**
   * What the tools read through: the same objects the HTTP API's routes use.
   *
   * @param reader binds a query's JSON (the arguments of {@code search}) as the query route does
   * @param timeouts {@code server.request_timeout_ms}
   */
  public record Sources(
      Collections collections, QueryService queries, QueryReader reader, Timeouts timeouts) {
    /** The sources of an engine with its configured search defaults and limits. */
    public static Sources of(Engine engine, Timeouts timeouts) {
      var search = engine.config().search();
      return new Sources(
          engine.collections(),
          QueryService.of(engine),
          new QueryReader(
              new SearchDefaults(search),
              QueryLimits.of(search, engine.config().server().maxQueryChars())),
          timeouts);
    }
  }

  McpTools(Sources sources, McpJsonMapper mapper) {
    this.collections = sources.collections();
    this.queries = sources.queries();
    this.reader = sources.reader();
    this.timeouts = sources.timeouts();
    this.mapper = mapper;
  }

  /** The tools, in the order a client lists them. */
  List<SyncToolSpecification> all() {
    return List.of(
        tool(
            "search",
            "Search a knowledge collection for passages that answer a question. Returns the best"
                + " matching chunks, best first, each with its text, citation (source, title,"
                + " page, heading path), relevance (0-1, the estimated probability that it is"
                + " relevant) and chunk id. Call list_collections first if you do not know the"
                + " collection's name. Quote or cite the source of what you use.",
            """
            {"type": "object", "additionalProperties": false, "required": ["collection", "query"],
             "properties": {
              "collection": {"type": "string", "description": "the collection to search"},
              "query": {"type": "string", "description": "the question or keywords, in natural language"},
              "top_k": {"type": "integer", "minimum": 1, "maximum": 50, "default": 5,
                        "description": "how many passages to return"},
              "filter": {"type": "object", "description": "optional metadata filter, as the HTTP API takes it, e.g. {\\"field\\": \\"source\\", \\"prefix\\": \\"docs/hr/\\"}"},
              "legs": {"type": "array", "items": {"type": "string", "enum": ["dense", "sparse", "bm25", "colbert", "image"]},
                       "description": "optional: which retrieval legs to run (default: the collection's hybrid default)"}
             }}
            """,
            this::search),
        tool(
            "list_collections",
            "List the knowledge collections this server holds, with their document and chunk"
                + " counts and embedding model. Use it to find which collection to search.",
            """
            {"type": "object", "additionalProperties": false, "properties": {}}
            """,
            (args, key) -> listCollections(key)),
        tool(
            "get_document",
            "Read a whole document of a collection, chunk by chunk in order, or only the chunks"
                + " around one chunk (chunk_number with window): use it to read more context"
                + " around a search hit (its document_id and chunk_number).",
            """
            {"type": "object", "additionalProperties": false, "required": ["collection", "document_id"],
             "properties": {
              "collection": {"type": "string", "description": "the collection"},
              "document_id": {"type": "string", "description": "the document's id (a hit's document_id)"},
              "chunk_number": {"type": "integer", "minimum": 0, "description": "optional: only the chunks around this one"},
              "window": {"type": "integer", "minimum": 0, "maximum": 10, "default": 2,
                         "description": "with chunk_number: how many chunks on each side"}
             }}
            """,
            this::getDocument));
  }

  private SyncToolSpecification tool(
      String name,
      String description,
      String schema,
      BiFunction<Map<String, Object>, ApiKey, McpSchema.CallToolResult> handler) {
    McpSchema.Tool tool =
        McpSchema.Tool.builder()
            .name(name)
            .description(description)
            .inputSchema(mapper, schema)
            // read-only, idempotent, over this server's collections only
            .annotations(new McpSchema.ToolAnnotations(null, true, false, true, false, null))
            .build();
    return SyncToolSpecification.builder()
        .tool(tool)
        .callHandler(
            (exchange, request) -> {
              Map<String, Object> args =
                  request.arguments() == null ? Map.of() : request.arguments();
              try {
                return handler.apply(args, McpEndpoint.key(exchange));
              } catch (ApiException e) {
                return error(e.getMessage());
              } catch (IllegalArgumentException | IndexException e) {
                return error(e.getMessage());
              }
            })
        .build();
  }

  private static McpSchema.CallToolResult error(String message) {
    return McpSchema.CallToolResult.builder().isError(true).addTextContent(message).build();
  }

  private static McpSchema.CallToolResult result(String text, Object structured) {
    return McpSchema.CallToolResult.builder()
        .addTextContent(text)
        .structuredContent(Json.MAPPER.convertValue(structured, Map.class))
        .build();
  }

  private McpSchema.CallToolResult search(Map<String, Object> args, ApiKey key) {
    String collection = string(args, "collection");
    String refused = Access.refusal(key, collection);
    if (refused != null) {
      return error(refused);
    }
    String query = string(args, "query");
    int topK = integer(args, "top_k", 5, 1, MAX_TOP_K);
    ObjectNode body = Json.MAPPER.createObjectNode().put("query", query).put("top_k", topK);
    if (args.get("filter") != null) {
      body.set("filter", Json.MAPPER.valueToTree(args.get("filter")));
    }
    if (args.get("legs") != null) {
      body.set("legs", Json.MAPPER.valueToTree(args.get("legs")));
    }
    var search = reader.read(body);
    long t0 = System.nanoTime();
    QueryService.Answer answer =
        timeouts.call("search", deadline -> queries.run(collection, search, deadline));
    QueryResponse response =
        QueryViews.response(
            collection, answer.result(), false, answer.embedNanos(), System.nanoTime() - t0);
    StringBuilder text = new StringBuilder();
    text.append(response.hits().size())
        .append(response.hits().size() == 1 ? " passage" : " passages")
        .append(" from collection ")
        .append(collection)
        .append(" for \"")
        .append(query)
        .append("\"");
    int rank = 1;
    for (QueryResponse.HitView h : response.hits()) {
      text.append("\n\n[")
          .append(rank++)
          .append("] ")
          .append(citation(h.chunk()))
          .append(String.format(Locale.ROOT, " (relevance %.2f, ", h.relevance()))
          .append("chunk ")
          .append(h.chunk().chunkId())
          .append(")\n")
          .append(h.chunk().text());
    }
    return result(text.toString(), response);
  }

  /** Title, source, page and heading path, as a reader cites them. */
  static String citation(ChunkView c) {
    StringBuilder s = new StringBuilder();
    s.append(c.title().isEmpty() ? c.documentId() : c.title());
    if (!c.source().isEmpty() && !c.source().equals(c.title())) {
      s.append(" — ").append(c.source());
    }
    if (c.pageStart() != null) {
      s.append(", p. ").append(c.pageStart());
      if (!c.pageStart().equals(c.pageEnd())) {
        s.append("–").append(c.pageEnd());
      }
    }
    if (!c.headingPath().isEmpty()) {
      s.append(" › ").append(String.join(" › ", c.headingPath()));
    }
    return s.toString();
  }

  private McpSchema.CallToolResult listCollections(ApiKey key) {
    List<CollectionEntry> entries =
        CollectionsController.entries(collections, name -> Access.allows(key, name));
    StringBuilder text = new StringBuilder();
    text.append(entries.size()).append(entries.size() == 1 ? " collection" : " collections");
    for (CollectionEntry e : entries) {
      text.append("\n- ");
      if (e instanceof CollectionView v) {
        text.append(v.name())
            .append(": ")
            .append(v.documents())
            .append(" documents, ")
            .append(v.chunks())
            .append(" chunks, model ")
            .append(v.model().id());
      } else if (e instanceof CollectionEntry.Unavailable u) {
        text.append(u.name()).append(": cannot be searched now (").append(u.error()).append(")");
      }
    }
    return result(text.toString(), new CollectionEntry.Listing(entries));
  }

  /**
   * A document's chunks (or the window around one).
   *
   * @param documentId the document
   * @param chunks its chunks, in order
   */
  record DocumentResult(String documentId, List<ChunkView> chunks) {}

  private McpSchema.CallToolResult getDocument(Map<String, Object> args, ApiKey key) {
    String collection = string(args, "collection");
    String refused = Access.refusal(key, collection);
    if (refused != null) {
      return error(refused);
    }
    String id = string(args, "document_id");
    CollectionIndex index = collections.get(collection);
    List<StoredChunk> chunks = index.document(id);
    if (chunks.isEmpty()) {
      return error(
          "collection "
              + collection
              + " has no document "
              + id
              + "; a search hit's document_id names one");
    }
    if (args.get("chunk_number") != null) {
      int n = integer(args, "chunk_number", 0, 0, Integer.MAX_VALUE);
      int window = integer(args, "window", 2, 0, MAX_WINDOW);
      chunks = chunks.stream().filter(c -> Math.abs(c.chunkNumber() - n) <= window).toList();
      if (chunks.isEmpty()) {
        return error("document " + id + " has no chunk number " + n);
      }
    }
    List<ChunkView> views = chunks.stream().map(c -> QueryViews.chunk(collection, c)).toList();
    StringBuilder text = new StringBuilder();
    text.append(citation(views.get(0)));
    for (ChunkView c : views) {
      text.append("\n\n[chunk ").append(c.chunkNumber()).append("] ").append(c.text());
    }
    return result(text.toString(), new DocumentResult(id, views));
  }

  private static String string(Map<String, Object> args, String name) {
    Object v = args.get(name);
    if (!(v instanceof String s) || s.isBlank()) {
      throw new IllegalArgumentException(name + " must be a non-empty string, got: " + v);
    }
    return s;
  }

  private static int integer(
      Map<String, Object> args, String name, int fallback, int min, int max) {
    Object v = args.get(name);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
      throw new IllegalArgumentException(name + " must be a whole number, got: " + v);
    }
    long x = n.longValue();
    if (x < min || x > max) {
      throw new IllegalArgumentException(
          name + " must be between " + min + " and " + max + ", got: " + x);
    }
    return (int) x;
  }
}
