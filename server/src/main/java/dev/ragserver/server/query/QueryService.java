package dev.ragserver.server.query;

import dev.ragserver.index.collection.CollectionIndex;
import dev.ragserver.index.search.QueryInput;
import dev.ragserver.index.search.SearchResult;
import dev.ragserver.model.Embedding;
import dev.ragserver.server.engine.Engine;
import dev.ragserver.server.http.ApiException;

/** Embeds a query and runs it on a collection: what the HTTP API, the CLI and /retrieval share. */
public final class QueryService {
  private final Engine engine;

  public QueryService(Engine engine) {
    this.engine = engine;
  }

  /**
   * The result and how long embedding took.
   *
   * @param result hits and per-leg timings
   * @param embedNanos time spent embedding the query text
   */
  public record Answer(SearchResult result, long embedNanos) {}

  /** Runs a query on a collection. */
  public Answer run(String collection, QueryParams params) {
    CollectionIndex index = engine.collection(collection);
    if (params.image() != null) {
      if (index.manifest().imageModel() == null) {
        throw ApiException.badField("image", "collection " + collection + " has no image model, so it cannot be"
            + " searched by image; configure an image model and create the collection with it");
      }
    }
    Embedding embedding = null;
    long embedNanos = 0;
    if (params.text() != null && !params.text().isBlank()) {
      long t0 = System.nanoTime();
      embedding = engine.embedder().embedQuery(params.text());
      embedNanos = System.nanoTime() - t0;
    }
    QueryInput input = new QueryInput(params.text(), embedding, null);
    return new Answer(index.search(params.toRequest(input)), embedNanos);
  }
}
