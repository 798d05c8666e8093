/**
 * The server inside LangChain4j: {@link dev.ragserver.langchain4j.RagContentRetriever} (a
 * collection as a {@code ContentRetriever}, hits as {@code Content} with their citation) and {@link
 * dev.ragserver.langchain4j.RagEmbeddingModel} ({@code /v1/embeddings} as an {@code
 * EmbeddingModel}).
 */
package dev.ragserver.langchain4j;
