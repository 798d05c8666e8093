/**
 * The Model Context Protocol server: the retrieval tools chat apps and agents attach ({@code
 * search}, {@code list_collections}, {@code get_document}), served over Streamable HTTP at {@code
 * /mcp} with the official MCP Java SDK, guarded by the server's API keys.
 */
package dev.ragserver.server.mcp;
