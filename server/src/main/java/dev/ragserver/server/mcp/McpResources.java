package dev.ragserver.server.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ragserver.api.collections.CollectionEntry;
import dev.ragserver.server.collections.CollectionViews;
import dev.ragserver.server.collections.CollectionsController;
import dev.ragserver.server.engine.Collections;
import dev.ragserver.server.http.Access;
import dev.ragserver.server.http.Json;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceTemplateSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;

/**
 * The MCP resources: the collection listing ({@value #LISTING}) and each collection's description
 * ({@code rag://collections/{name}}: model, settings, counts, as {@code GET /v1/collections/{c}}
 * gives it), as JSON a client can attach to a conversation.
 */
final class McpResources {
  /** The listing's URI. */
  static final String LISTING = "rag://collections";

  private static final String PREFIX = LISTING + "/";
  private static final String JSON = "application/json";

  private final Collections collections;

  McpResources(Collections collections) {
    this.collections = collections;
  }

  List<SyncResourceSpecification> resources() {
    McpSchema.Resource listing =
        McpSchema.Resource.builder()
            .uri(LISTING)
            .name("collections")
            .description("Every knowledge collection of this server with its counts and model")
            .mimeType(JSON)
            .build();
    return List.of(
        new SyncResourceSpecification(
            listing,
            (exchange, request) ->
                contents(
                    request.uri(),
                    new CollectionEntry.Listing(
                        CollectionsController.entries(
                            collections,
                            name -> Access.allows(McpEndpoint.key(exchange), name))))));
  }

  List<SyncResourceTemplateSpecification> templates() {
    McpSchema.ResourceTemplate collection =
        McpSchema.ResourceTemplate.builder()
            .uriTemplate(PREFIX + "{name}")
            .name("collection")
            .description(
                "A knowledge collection's description: its embedding model, settings, and document"
                    + " and chunk counts")
            .mimeType(JSON)
            .build();
    return List.of(
        new SyncResourceTemplateSpecification(
            collection,
            (exchange, request) -> {
              String uri = request.uri();
              if (!uri.startsWith(PREFIX) || uri.length() == PREFIX.length()) {
                throw new IllegalArgumentException(
                    "a collection's resource is " + PREFIX + "{name}, got: " + uri);
              }
              String name = uri.substring(PREFIX.length());
              String refused = Access.refusal(McpEndpoint.key(exchange), name);
              if (refused != null) {
                throw new IllegalArgumentException(refused);
              }
              return contents(
                  uri,
                  CollectionViews.of(collections.describe(name), collections.readsImageText()));
            }));
  }

  private static McpSchema.ReadResourceResult contents(String uri, Object value) {
    try {
      return new McpSchema.ReadResourceResult(
          List.of(
              new McpSchema.TextResourceContents(
                  uri, JSON, Json.MAPPER.writeValueAsString(value))));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
