package dev.ragserver.server.collections;

import dev.ragserver.api.collections.CollectionEntry;
import dev.ragserver.api.collections.CreateCollection;
import dev.ragserver.config.AnalyzerLanguage;
import dev.ragserver.config.OpenSearchConfig;
import dev.ragserver.index.collection.CollectionManifest;
import dev.ragserver.index.collection.CollectionRegistry;
import dev.ragserver.index.collection.CollectionSettings;
import dev.ragserver.server.audit.Audit;
import dev.ragserver.server.engine.Collections;
import dev.ragserver.server.http.Access;
import dev.ragserver.server.http.ApiException;
import dev.ragserver.server.http.Json;
import dev.ragserver.server.http.Problems;
import dev.ragserver.server.http.Role;
import dev.ragserver.server.jobs.JobManager;
import dev.ragserver.server.snapshots.Snapshots;
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
  private final Snapshots snapshots;
  private final OpenSearchConfig opensearch;

  /**
   * @param opensearch the cluster settings new collections on backend opensearch get
   */
  public CollectionsController(
      Collections collections, JobManager jobs, OpenSearchConfig opensearch, Snapshots snapshots) {
    this.collections = collections;
    this.snapshots = snapshots;
    this.jobs = jobs;
    this.opensearch = opensearch;
  }

  public void register(RoutesConfig routes) {
    routes.get("/v1/collections", this::list, Role.READ);
    routes.put("/v1/collections/{c}", this::create, Role.ADMIN);
    routes.get("/v1/collections/{c}", this::describe, Role.READ);
    routes.delete("/v1/collections/{c}", this::delete, Role.ADMIN);
  }

  private void list(Context ctx) {
    ctx.json(new CollectionEntry.Listing(entries(collections, name -> Access.allows(ctx, name))));
  }

  /** Every collection, described, or listed with the reason it cannot serve. */
  public static List<CollectionEntry> entries(Collections collections) {
    return entries(collections, name -> true);
  }

  /**
   * The collections a caller may use (those its API key names), each described or listed with the
   * reason it cannot serve.
   */
  public static List<CollectionEntry> entries(
      Collections collections, java.util.function.Predicate<String> allowed) {
    List<CollectionEntry> out = new ArrayList<>();
    for (String name : collections.list()) {
      if (!allowed.test(name)) {
        continue;
      }
      try {
        // describe checks availability once, and says why a collection cannot serve
        out.add(CollectionViews.of(collections.describe(name), collections.readsImageText()));
      } catch (RuntimeException e) {
        // one collection that cannot open (its model missing, locked by another process,
        // damaged) must not hide the others: it is listed with the reason
        Collections.Availability a = collections.availability(name);
        String why = a.problem().orElse(e.getMessage());
        LOG.warn("collection {} cannot serve: {}", name, why);
        out.add(CollectionEntry.Unavailable.of(name, a.model(), Problems.withoutPaths(why)));
      }
    }
    return out;
  }

  private void create(Context ctx) {
    String name = name(ctx);
    CreateCollection body = Json.body(ctx, CreateCollection.class);
    if (body.restoreFrom() != null) {
      restore(ctx, name, body);
      return;
    }
    Collections.Creation creation = creation(collections, opensearch, name, body);
    if (collections.exists(name)) {
      throw ApiException.conflict("collection " + name + " already exists");
    }
    try {
      collections.create(name, creation);
    } catch (Collections.CollectionExistsException e) {
      throw ApiException.conflict(e.getMessage());
    }
    ctx.status(201)
        .header("Location", "/v1/collections/" + name)
        .json(CollectionViews.of(collections.describe(name), collections.readsImageText()));
  }

  /** {@code restore_from}: the collection made from a snapshot, with the snapshot's settings. */
  private void restore(Context ctx, String name, CreateCollection body) {
    if (!body.equals(CreateCollection.restoring(body.restoreFrom()))) {
      throw ApiException.badField(
          "restore_from",
          "restore_from takes its settings from the snapshot: give no other field beside it");
    }
    String from = body.restoreFrom();
    int slash = from.indexOf('/');
    if (slash <= 0 || slash == from.length() - 1 || from.indexOf('/', slash + 1) >= 0) {
      throw ApiException.badField(
          "restore_from", "restore_from must be COLLECTION/SNAPSHOT_ID, got: " + from);
    }
    if (collections.exists(name)) {
      throw ApiException.conflict("collection " + name + " already exists");
    }
    String source = from.substring(0, slash);
    String id = from.substring(slash + 1);
    // a snapshot holds its collection's data: the key must be allowed on the source too
    Access.require(ctx, source);
    if (!snapshots.exists(source, id)) {
      throw ApiException.notFound("collection " + source + " has no snapshot " + id);
    }
    Audit.note(ctx, "restore_from", from);
    try {
      snapshots.restore(name, source, id);
    } catch (Collections.CollectionExistsException e) {
      throw ApiException.conflict(e.getMessage());
    } catch (dev.ragserver.index.IndexException e) {
      throw ApiException.badField("restore_from", e.getMessage());
    }
    ctx.status(201)
        .header("Location", "/v1/collections/" + name)
        .json(CollectionViews.of(collections.describe(name), collections.readsImageText()));
  }

  /**
   * What a create request asks for, checked: a served model (from {@code model}, else {@code
   * language}, else {@code model.name}), the analyzer (from {@code analyzer}, else {@code
   * language}, else {@code index.analyzer}), the image model, settings and placement.
   */
  public static Collections.Creation creation(
      Collections collections, OpenSearchConfig opensearch, String name, CreateCollection body) {
    CollectionLanguage language = null;
    if (body.language() != null) {
      try {
        language = CollectionLanguage.of(body.language());
      } catch (IllegalArgumentException e) {
        throw ApiException.badField("language", e.getMessage());
      }
    }
    String model =
        body.model() != null
            ? body.model()
            : language != null ? language.model() : collections.defaultModel();
    if (!collections.models().serves(model)) {
      String field = body.model() != null ? "model" : "language";
      throw ApiException.badField(
          field,
          "model "
              + model
              + " is not served here; the served models: "
              + collections.models().names()
              + (model.equals(dev.ragserver.config.ModelConfig.BGE_M3)
                  ? " (bge-m3 needs models.bge-m3.directory in the configuration)"
                  : ""));
    }
    boolean withImageModel = imageModel(collections, body.imageModel(), model);
    CollectionSettings defaults = collections.defaults();
    AnalyzerLanguage analyzer =
        body.analyzer() != null
            ? body.analyzer()
            : language != null ? language.analyzer() : defaults.analyzer();
    CollectionSettings settings =
        new CollectionSettings(
            analyzer,
            body.hnswMaxConn() == null ? defaults.hnswMaxConn() : body.hnswMaxConn(),
            body.hnswBeamWidth() == null ? defaults.hnswBeamWidth() : body.hnswBeamWidth(),
            body.quantization() == null ? defaults.quantization() : body.quantization(),
            body.multiVectorPrecision() == null
                ? defaults.multiVectorPrecision()
                : body.multiVectorPrecision());
    return new Collections.Creation(
        model, settings, withImageModel, placement(opensearch, name, body));
  }

  /**
   * Whether the collection records the server's image model: by default when there is one for its
   * text model (a Visualized BGE model only for the text model whose space it shares).
   */
  private static boolean imageModel(Collections collections, String requested, String textModel) {
    var served = collections.imageModel();
    if (requested == null) {
      return collections.imageModelFor(textModel).isPresent();
    }
    if (requested.isEmpty()) {
      return false;
    }
    if (served.isEmpty() || !served.get().id().equals(requested)) {
      throw ApiException.badField(
          "image_model",
          "image model "
              + requested
              + " is not served here; "
              + (served.isEmpty()
                  ? "the server runs no image model (image_model.name)"
                  : "the server runs " + served.get().id())
              + ", or \"\" for none");
    }
    if (collections.imageModelFor(textModel).isEmpty()) {
      throw ApiException.badField(
          "image_model",
          served.get()
              + " shares the dense space of text model "
              + collections.imageTextModel().orElseThrow()
              + ", so only collections of that model can record it; this collection's model is "
              + textModel);
    }
    return true;
  }

  /**
   * Where the body asks for the collection: on OpenSearch (an index of the prefix), or null for
   * embedded.
   */
  private static CollectionManifest.OpenSearchIndex placement(
      OpenSearchConfig opensearch, String name, CreateCollection body) {
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
    ctx.json(CollectionViews.of(collections.describe(name(ctx)), collections.readsImageText()));
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
