/** OpenAI's embeddings request and response, with this server's extensions. */
package dev.ragserver.api.embeddings;
