package dev.ragserver.server.jobs;

import dev.ragserver.api.jobs.JobRequest;
import dev.ragserver.api.jobs.JobView;
import dev.ragserver.ingest.job.IngestPlan;
import dev.ragserver.ingest.job.JobStatus;
import dev.ragserver.ingest.job.Shard;
import dev.ragserver.server.audit.Audit;
import dev.ragserver.server.collections.CollectionsController;
import dev.ragserver.server.engine.Collections;
import dev.ragserver.server.engine.Ingestion;
import dev.ragserver.server.http.Access;
import dev.ragserver.server.http.ApiException;
import dev.ragserver.server.http.Json;
import dev.ragserver.server.http.Role;
import dev.ragserver.server.http.Uploads;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Ingest job routes. */
public final class JobsController {
  private final Collections collections;
  private final JobManager jobs;
  private final Ingestion ingestion;
  private final Path uploads;
  private final int maxFilesPerUpload;
  private final List<String> ingestRoots;

  /**
   * @param uploads where uploaded files wait while a job ingests them (the data folder)
   * @param maxFilesPerUpload {@code server.max_files_per_upload}
   * @param ingestRoots {@code server.ingest_roots}: the folders server-side paths must lie in
   */
  public JobsController(
      Collections collections,
      JobManager jobs,
      Ingestion ingestion,
      Path uploads,
      int maxFilesPerUpload,
      List<String> ingestRoots) {
    this.collections = collections;
    this.jobs = jobs;
    this.ingestion = ingestion;
    this.uploads = uploads;
    this.maxFilesPerUpload = maxFilesPerUpload;
    this.ingestRoots = List.copyOf(ingestRoots);
  }

  public void register(RoutesConfig routes) {
    routes.post("/v1/collections/{c}/jobs", this::start, Role.WRITE);
    routes.get("/v1/jobs/{id}", this::status, Role.READ);
    routes.delete("/v1/jobs/{id}", this::cancel, Role.WRITE);
  }

  private void start(Context ctx) {
    String collection = CollectionsController.name(ctx);
    collections.get(collection);
    JobStatus status;
    if (Uploads.isMultipart(ctx)) {
      Uploads.Saved saved = Uploads.save(ctx, uploads, maxFilesPerUpload);
      status = jobs.submit(collection, saved.plan(), Map.of(), false, saved.folder());
    } else {
      JobRequest body = Json.body(ctx, JobRequest.class);
      List<Path> realRoots = realRoots();
      List<Path> paths = allowedPaths(body.paths(), realRoots);
      Map<String, Object> metadata = metadata(body.metadata());
      Shard shard = shard(body);
      IngestPlan plan;
      try {
        plan = ingestion.plan(paths, realRoots, body.idPrefix() == null ? "" : body.idPrefix());
      } catch (IllegalArgumentException e) {
        throw ApiException.badField("id_prefix", e.getMessage());
      }
      plan = plan.shard(shard);
      try {
        status = jobs.submit(collection, plan, metadata, Boolean.TRUE.equals(body.sync()), null);
      } catch (IllegalArgumentException e) {
        throw ApiException.badField("metadata", e.getMessage());
      }
    }
    Audit.note(ctx, "job", status.id());
    Audit.note(ctx, "files", status.filesTotal());
    ctx.status(202).header("Location", "/v1/jobs/" + status.id()).json(JobViews.of(status));
  }

  /** The body's shard, {@link Shard#ALL} when it names none; a sharded job cannot sync. */
  private static Shard shard(JobRequest body) {
    if (body.shard() == null) {
      return Shard.ALL;
    }
    Shard shard;
    try {
      shard = Shard.parse(body.shard());
    } catch (IllegalArgumentException e) {
      throw ApiException.badField("shard", e.getMessage());
    }
    if (Boolean.TRUE.equals(body.sync()) && !shard.isAll()) {
      throw ApiException.badField("sync", Shard.NO_SYNC);
    }
    return shard;
  }

  /** The configured ingest roots that exist, as real paths; 403 when none is configured. */
  private List<Path> realRoots() {
    if (ingestRoots.isEmpty()) {
      throw ApiException.forbidden(
          "ingest jobs over server-side paths are disabled: set server.ingest_roots, or upload"
              + " the files (multipart, field \"file\")");
    }
    List<Path> realRoots = new ArrayList<>();
    for (String r : ingestRoots) {
      try {
        realRoots.add(Path.of(r).toRealPath());
      } catch (IOException | RuntimeException e) {
        // a configured root that does not exist allows nothing
      }
    }
    if (realRoots.isEmpty()) {
      throw ApiException.forbidden(
          "none of server.ingest_roots " + ingestRoots + " exists on the server");
    }
    return realRoots;
  }

  /** The requested paths, each inside a configured ingest root after resolving links and "..". */
  private List<Path> allowedPaths(List<String> v, List<Path> realRoots) {
    if (v == null || v.isEmpty()) {
      throw ApiException.badField("paths", "paths must be a non-empty array of server-side paths");
    }
    List<Path> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      String field = "paths[" + i + "]";
      String path = v.get(i);
      if (path == null || path.isBlank()) {
        throw ApiException.badField(field, field + " must be a path (a string)");
      }
      Path real;
      try {
        real = Path.of(path).toRealPath();
      } catch (IOException | RuntimeException e) {
        throw ApiException.badField(field, field + " does not exist on the server: " + path);
      }
      if (realRoots.stream().noneMatch(real::startsWith)) {
        throw ApiException.forbidden(
            field + " is outside server.ingest_roots " + ingestRoots + ": " + path);
      }
      if (!Files.isReadable(real)) {
        throw ApiException.badField(field, field + " is not readable: " + path);
      }
      out.add(real);
    }
    return out;
  }

  /**
   * The metadata with whole numbers as longs; anything but strings, numbers and booleans is
   * refused.
   */
  private static Map<String, Object> metadata(Map<String, Object> v) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (v == null) {
      return out;
    }
    for (Map.Entry<String, Object> e : v.entrySet()) {
      Object value = e.getValue();
      Object o =
          value instanceof String || value instanceof Boolean
              ? value
              : value instanceof Integer || value instanceof Long
                  ? (Object) ((Number) value).longValue()
                  : value instanceof Number n ? (Object) n.doubleValue() : null;
      if (o == null) {
        throw ApiException.badField(
            "metadata." + e.getKey(),
            "metadata." + e.getKey() + " must be a string, number or boolean");
      }
      out.put(e.getKey(), o);
    }
    return out;
  }

  private void status(Context ctx) {
    ctx.json(visible(ctx));
  }

  private void cancel(Context ctx) {
    String id = visible(ctx).id();
    ctx.status(202).json(jobs.cancel(id).orElseThrow(() -> ApiException.notFound("no job " + id)));
  }

  /** The job of the path, if the request's key may use its collection (else 403). */
  private JobView visible(Context ctx) {
    String id = ctx.pathParam("id");
    JobView job = jobs.status(id).orElseThrow(() -> ApiException.notFound("no job " + id));
    Audit.collection(ctx, job.collection());
    Audit.note(ctx, "job", id);
    Access.require(ctx, job.collection());
    return job;
  }
}
