package dev.ragserver.server.collections;

import dev.ragserver.config.AnalyzerLanguage;
import dev.ragserver.config.MultiVectorPrecision;
import dev.ragserver.config.OpenSearchConfig;
import dev.ragserver.config.Quantization;
import dev.ragserver.index.collection.CollectionManifest;
import dev.ragserver.index.collection.CollectionRegistry;
import dev.ragserver.index.collection.CollectionSettings;
import dev.ragserver.server.engine.Collections;
import dev.ragserver.server.http.ApiException;
import dev.ragserver.server.http.Json;
import dev.ragserver.server.http.Problems;
import dev.ragserver.server.http.Role;
import dev.ragserver.server.jobs.JobManager;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code PUT/GET/DELETE /v1/collections/{c}} and {@code GET /v1/collections}. */
public final class CollectionsController {
  private static final Logger LOG = LoggerFactory.getLogger(CollectionsController.class);
  private final Collections collections;
  private final JobManager jobs;
  private final OpenSearchConfig opensearch;

  /**
   * @param opensearch the cluster settings new collections on backend opensearch get
   */
  public CollectionsController(
      Collections collections, JobManager jobs, OpenSearchConfig opensearch) {
    this.collections = collections;
    this.jobs = jobs;
    this.opensearch = opensearch;
  }

  /**
   * The body of a create request; every field is optional (defaults: the {@code index} section).
   *
   * @param model the model id, checked against the server's model when given
   * @param analyzer BM25 analysis: english, chinese, standard
   * @param hnswMaxConn HNSW degree
   * @param hnswBeamWidth HNSW beam width
   * @param quantization dense vector storage
   * @param multiVectorPrecision token vector storage
   */
  public record CreateBody(
      String model,
      AnalyzerLanguage analyzer,
      Integer hnswMaxConn,
      Integer hnswBeamWidth,
      Quantization quantization,
      MultiVectorPrecision multiVectorPrecision,
      String backend,
      Integer shards,
      Integer replicas) {}

  public void register(RoutesConfig routes) {
    routes.get("/v1/collections", this::list, Role.READ);
    routes.put("/v1/collections/{c}", this::create, Role.ADMIN);
    routes.get("/v1/collections/{c}", this::describe, Role.READ);
    routes.delete("/v1/collections/{c}", this::delete, Role.ADMIN);
  }

  private void list(Context ctx) {
    List<CollectionEntry> out = new ArrayList<>();
    for (String name : collections.list()) {
      try {
        out.add(CollectionView.of(collections.describe(name), collections.readsImageText()));
      } catch (RuntimeException e) {
        // one collection that cannot open (locked by another process, another model, damaged) must
        // not hide the others: it is listed with the reason
        LOG.warn("collection {} cannot be opened: {}", name, e.getMessage());
        out.add(new CollectionEntry.Unavailable(name, Problems.withoutPaths(e.getMessage())));
      }
    }
    ctx.json(new CollectionEntry.Listing(out));
  }

  private void create(Context ctx) {
    String name = name(ctx);
    CreateBody body = Json.body(ctx, CreateBody.class);
    String running = collections.model().id();
    if (body.model() != null && !body.model().equals(running)) {
      throw ApiException.badField(
          "model",
          "this server runs model " + running + "; a collection must use it, got: " + body.model());
    }
    CollectionSettings defaults = collections.defaults();
    CollectionSettings settings =
        new CollectionSettings(
            body.analyzer() == null ? defaults.analyzer() : body.analyzer(),
            body.hnswMaxConn() == null ? defaults.hnswMaxConn() : body.hnswMaxConn(),
            body.hnswBeamWidth() == null ? defaults.hnswBeamWidth() : body.hnswBeamWidth(),
            body.quantization() == null ? defaults.quantization() : body.quantization(),
            body.multiVectorPrecision() == null
                ? defaults.multiVectorPrecision()
                : body.multiVectorPrecision());
    if (collections.exists(name)) {
      throw ApiException.conflict("collection " + name + " already exists");
    }
    try {
      collections.create(name, settings, placement(name, body));
    } catch (Collections.CollectionExistsException e) {
      throw ApiException.conflict(e.getMessage());
    }
    ctx.status(201)
        .header("Location", "/v1/collections/" + name)
        .json(CollectionView.of(collections.describe(name), collections.readsImageText()));
  }

  /**
   * Where the body asks for the collection: on OpenSearch (an index of the prefix), or null for
   * embedded.
   */
  private CollectionManifest.OpenSearchIndex placement(String name, CreateBody body) {
    String backend = body.backend() == null ? "lucene" : body.backend();
    return switch (backend) {
      case "lucene" -> {
        if (body.shards() != null || body.replicas() != null) {
          throw ApiException.badField(
              body.shards() != null ? "shards" : "replicas",
              "shards and replicas apply to backend opensearch only");
        }
        yield null;
      }
      case "opensearch" -> {
        if (!opensearch.enabled()) {
          throw ApiException.badField(
              "backend",
              "backend opensearch needs a cluster: set opensearch.hosts in the"
                  + " server's configuration");
        }
        int shards = body.shards() == null ? opensearch.shards() : body.shards();
        int replicas = body.replicas() == null ? opensearch.replicas() : body.replicas();
        if (shards < 1 || shards > 1024) {
          throw ApiException.badField(
              "shards", "shards must be between 1 and 1024, got: " + shards);
        }
        if (replicas < 0 || replicas > 16) {
          throw ApiException.badField(
              "replicas", "replicas must be between 0 and 16, got: " + replicas);
        }
        yield new CollectionManifest.OpenSearchIndex(
            opensearch.indexPrefix() + name, shards, replicas);
      }
      default ->
          throw ApiException.badField(
              "backend", "backend must be lucene or opensearch, got: " + backend);
    };
  }

  private void describe(Context ctx) {
    ctx.json(CollectionView.of(collections.describe(name(ctx)), collections.readsImageText()));
  }

  private void delete(Context ctx) {
    String name = name(ctx);
    jobs.deleteCollection(name);
    ctx.json(new CollectionEntry.Deleted(name));
  }

  /** The collection name of the path, checked. */
  public static String name(Context ctx) {
    try {
      return CollectionRegistry.requireName(ctx.pathParam("c"));
    } catch (IllegalArgumentException e) {
      throw ApiException.badField("c", e.getMessage());
    }
  }
}
