package dev.ragserver.langchain4j;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.content.ContentMetadata;
import dev.langchain4j.rag.content.retriever.ContentRetriever;
import dev.langchain4j.rag.query.Query;
import dev.ragserver.api.query.ChunkView;
import dev.ragserver.api.query.QueryRequest;
import dev.ragserver.api.query.QueryResponse;
import dev.ragserver.client.RagClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A collection as LangChain4j's {@link ContentRetriever}: each query runs the server's hybrid
 * search (every leg the collection has, fused, unless {@link Builder#legs} says otherwise) and each
 * hit becomes a {@link Content} whose text is the chunk's and whose metadata carries its citation.
 *
 * <p>Segment metadata: {@code chunk_id}, {@code document_id}, {@code chunk_number}, {@code source},
 * {@code title}, {@code page_start}/{@code page_end} (documents with pages), {@code heading_path}
 * (headings joined with " > "), {@code modality}, {@code image_url} (image chunks), {@code
 * relevance} and {@code score}, and the document's own metadata (booleans as strings, since
 * LangChain4j's metadata holds strings and numbers only). Content metadata: {@link
 * ContentMetadata#SCORE} is the hit's relevance (0..1, comparable across queries), {@link
 * ContentMetadata#EMBEDDING_ID} its chunk id.
 */
public final class RagContentRetriever implements ContentRetriever {
  private final RagClient client;
  private final String collection;
  private final QueryRequest template;

  private RagContentRetriever(Builder b) {
    this.client = b.client;
    this.collection = b.collection;
    QueryRequest t = QueryRequest.text("").withTopK(b.maxResults);
    if (b.legs != null) {
      t = t.withLegs(b.legs);
    }
    if (b.filter != null) {
      t = t.withFilter(b.filter);
    }
    if (b.minRelevance != null) {
      t = t.withThresholds(null, b.minRelevance);
    }
    this.template = t;
  }

  /** A retriever over this collection of the client's server. */
  public static Builder builder(RagClient client, String collection) {
    return new Builder(client, collection);
  }

  /** A retriever's settings; each has a default. */
  public static final class Builder {
    private final RagClient client;
    private final String collection;
    private int maxResults = 5;
    private Double minRelevance;
    private JsonNode filter;
    private List<String> legs;

    private Builder(RagClient client, String collection) {
      this.client = Objects.requireNonNull(client, "client");
      if (collection == null || collection.isBlank()) {
        throw new IllegalArgumentException("collection must be a name, got: " + collection);
      }
      this.collection = collection;
    }

    /** Hits per query (default 5). */
    public Builder maxResults(int maxResults) {
      if (maxResults < 1) {
        throw new IllegalArgumentException("maxResults must be at least 1, got: " + maxResults);
      }
      this.maxResults = maxResults;
      return this;
    }

    /** Drops hits whose relevance is below this (0..1; default: none dropped). */
    public Builder minRelevance(double minRelevance) {
      if (!(minRelevance >= 0 && minRelevance <= 1)) {
        throw new IllegalArgumentException(
            "minRelevance must be from 0 to 1, got: " + minRelevance);
      }
      this.minRelevance = minRelevance;
      return this;
    }

    /** Only chunks this filter matches ({@link dev.ragserver.api.query.Filters}). */
    public Builder filter(JsonNode filter) {
      this.filter = filter;
      return this;
    }

    /** Only these legs (dense, sparse, bm25, colbert, image); default: all the collection has. */
    public Builder legs(List<String> legs) {
      this.legs = List.copyOf(legs);
      return this;
    }

    public RagContentRetriever build() {
      return new RagContentRetriever(this);
    }
  }

  @Override
  public List<Content> retrieve(Query query) {
    QueryResponse r = client.query(collection, template.withText(query.text()));
    List<Content> out = new ArrayList<>(r.hits().size());
    for (QueryResponse.HitView hit : r.hits()) {
      Map<ContentMetadata, Object> meta = new HashMap<>();
      meta.put(ContentMetadata.SCORE, (double) hit.relevance());
      meta.put(ContentMetadata.EMBEDDING_ID, hit.chunk().chunkId());
      out.add(Content.from(TextSegment.from(hit.chunk().text(), metadata(hit)), meta));
    }
    return out;
  }

  private static Metadata metadata(QueryResponse.HitView hit) {
    ChunkView c = hit.chunk();
    Metadata m = new Metadata();
    if (c.metadata() != null) {
      c.metadata().forEach((k, v) -> put(m, k, v));
    }
    m.put("chunk_id", c.chunkId());
    m.put("document_id", c.documentId());
    m.put("chunk_number", c.chunkNumber());
    put(m, "source", c.source());
    put(m, "title", c.title());
    put(m, "page_start", c.pageStart());
    put(m, "page_end", c.pageEnd());
    if (c.headingPath() != null && !c.headingPath().isEmpty()) {
      m.put("heading_path", String.join(" > ", c.headingPath()));
    }
    put(m, "modality", c.modality());
    put(m, "image_url", c.imageUrl());
    m.put("relevance", (double) hit.relevance());
    m.put("score", (double) hit.score());
    return m;
  }

  /** Puts a value LangChain4j's metadata can hold: numbers as numbers, the rest as strings. */
  private static void put(Metadata m, String key, Object v) {
    switch (v) {
      case null -> {}
      case Integer i -> m.put(key, i);
      case Long l -> m.put(key, l);
      case Float f -> m.put(key, f);
      case Double d -> m.put(key, d);
      case String s -> {
        if (!s.isEmpty()) {
          m.put(key, s);
        }
      }
      default -> m.put(key, v.toString());
    }
  }
}
