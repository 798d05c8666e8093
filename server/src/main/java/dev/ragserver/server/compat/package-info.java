/**
 * Endpoints in the shapes other systems already call: OpenAI's {@code POST /v1/embeddings} and
 * Dify's External Knowledge API {@code POST /retrieval}.
 */
package dev.ragserver.server.compat;
