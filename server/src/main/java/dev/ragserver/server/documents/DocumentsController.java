package dev.ragserver.server.documents;

import dev.ragserver.api.documents.DeleteRequest;
import dev.ragserver.api.documents.Deleted;
import dev.ragserver.api.documents.DocumentInput;
import dev.ragserver.api.documents.DocumentView;
import dev.ragserver.api.documents.UpsertRequest;
import dev.ragserver.api.documents.Written;
import dev.ragserver.index.collection.CollectionIndex;
import dev.ragserver.index.filter.Filter;
import dev.ragserver.index.schema.StoredChunk;
import dev.ragserver.index.search.QueryLimits;
import dev.ragserver.ingest.job.JobStatus;
import dev.ragserver.ingest.job.TextDocument;
import dev.ragserver.ingest.job.TextUpsert;
import dev.ragserver.server.audit.Audit;
import dev.ragserver.server.collections.CollectionsController;
import dev.ragserver.server.engine.Collections;
import dev.ragserver.server.engine.Ingestion;
import dev.ragserver.server.http.ApiException;
import dev.ragserver.server.http.Json;
import dev.ragserver.server.http.Role;
import dev.ragserver.server.http.Uploads;
import dev.ragserver.server.jobs.JobManager;
import dev.ragserver.server.jobs.JobViews;
import dev.ragserver.server.query.FilterJson;
import dev.ragserver.server.query.QueryViews;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Document routes of a collection. */
public final class DocumentsController {
  private final Collections collections;
  private final Ingestion ingestion;
  private final JobManager jobs;
  private final Path uploads;
  private final int maxFilesPerUpload;
  private final QueryLimits limits;

  /**
   * @param jobs tracks a synchronous upload while it runs (a delete of its collection waits)
   * @param uploads where uploaded files wait while they are ingested (the data folder)
   * @param maxFilesPerUpload {@code server.max_files_per_upload}
   * @param limits the filter limits a delete by filter is held to, as queries are
   */
  public DocumentsController(
      Collections collections,
      Ingestion ingestion,
      JobManager jobs,
      Path uploads,
      int maxFilesPerUpload,
      QueryLimits limits) {
    this.collections = collections;
    this.ingestion = ingestion;
    this.jobs = jobs;
    this.uploads = uploads;
    this.maxFilesPerUpload = maxFilesPerUpload;
    this.limits = limits;
  }

  public void register(RoutesConfig routes) {
    routes.post("/v1/collections/{c}/documents", this::upsert, Role.WRITE);
    routes.post("/v1/collections/{c}/documents/delete", this::deleteMany, Role.WRITE);
    routes.get("/v1/collections/{c}/documents/{id}", this::get, Role.READ);
    routes.delete("/v1/collections/{c}/documents/{id}", this::deleteOne, Role.WRITE);
  }

  private CollectionIndex collection(Context ctx) {
    return collections.get(CollectionsController.name(ctx));
  }

  private void upsert(Context ctx) {
    CollectionIndex index = collection(ctx);
    if (Uploads.isMultipart(ctx)) {
      Uploads.Saved saved = Uploads.save(ctx, uploads, maxFilesPerUpload);
      JobStatus status = jobs.runNow(index.manifest().name(), saved.plan(), saved.folder());
      Audit.note(ctx, "job", status.id());
      Audit.note(ctx, "files", status.filesTotal());
      Audit.note(ctx, "files_failed", status.filesFailed());
      Audit.note(ctx, "chunks", status.chunks());
      if (status.filesFailed() > 0 && status.filesFailed() == status.filesTotal()) {
        // nothing was ingested: the client's files are at fault, not a partial success
        ctx.status(422);
      }
      ctx.json(JobViews.of(status));
      return;
    }
    UpsertRequest body = Json.body(ctx, UpsertRequest.class);
    if (body.documents() == null || body.documents().isEmpty()) {
      throw ApiException.badField("documents", "documents must be a non-empty array");
    }
    List<TextDocument> docs = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < body.documents().size(); i++) {
      DocumentInput d = body.documents().get(i);
      if (d == null) {
        throw ApiException.badField("documents[" + i + "]", "documents[" + i + "] is null");
      }
      Integer first = d.id() == null ? null : seen.putIfAbsent(d.id(), i);
      if (first != null) {
        throw ApiException.badField(
            "documents[" + i + "].id",
            "documents["
                + i
                + "] repeats the id \""
                + d.id()
                + "\" of documents["
                + first
                + "]; each document of a batch needs its own id");
      }
      try {
        docs.add(
            new TextDocument(d.id(), d.text(), d.chunks(), d.title(), d.source(), d.metadata()));
      } catch (IllegalArgumentException e) {
        throw ApiException.badField("documents[" + i + "]", e.getMessage());
      }
    }
    Audit.ids(ctx, docs.stream().map(TextDocument::id).toList());
    TextUpsert.Result r = ingestion.textUpsert(index).upsert(docs);
    Audit.note(ctx, "documents", r.documents());
    Audit.note(ctx, "chunks", r.chunks());
    ctx.json(new Written(r.documents(), r.chunks()));
  }

  private void get(Context ctx) {
    CollectionIndex index = collection(ctx);
    String id = ctx.pathParam("id");
    List<StoredChunk> chunks = index.document(id);
    if (chunks.isEmpty()) {
      throw ApiException.notFound(
          "collection " + index.manifest().name() + " has no document " + id);
    }
    ctx.json(
        new DocumentView(
            id, chunks.stream().map(c -> QueryViews.chunk(index.manifest().name(), c)).toList()));
  }

  private void deleteOne(Context ctx) {
    CollectionIndex index = collection(ctx);
    String id = ctx.pathParam("id");
    Audit.ids(ctx, List.of(id));
    if (index.firstChunk(id).isEmpty()) {
      throw ApiException.notFound(
          "collection " + index.manifest().name() + " has no document " + id);
    }
    index.deleteDocuments(List.of(id));
    index.commit();
    Audit.note(ctx, "deleted_documents", 1);
    ctx.json(Deleted.documents(1));
  }

  private void deleteMany(Context ctx) {
    CollectionIndex index = collection(ctx);
    DeleteRequest body = Json.body(ctx, DeleteRequest.class);
    if ((body.ids() == null) == (body.filter() == null || body.filter().isNull())) {
      throw ApiException.badRequest(
          "give either \"ids\" (an array of document ids) or \"filter\", not both or neither");
    }
    if (body.ids() != null) {
      List<String> list = body.ids();
      if (list.isEmpty()) {
        throw ApiException.badField("ids", "ids must be a non-empty array of document ids");
      }
      for (int i = 0; i < list.size(); i++) {
        if (list.get(i) == null || list.get(i).isBlank()) {
          throw ApiException.badField(
              "ids[" + i + "]", "ids[" + i + "] must be a document id (a string)");
        }
      }
      Audit.ids(ctx, list);
      long existing =
          list.stream().distinct().filter(id -> index.firstChunk(id).isPresent()).count();
      index.deleteDocuments(list);
      index.commit();
      Audit.note(ctx, "deleted_documents", existing);
      ctx.json(Deleted.documents(existing));
      return;
    }
    Filter filter = limits.check(FilterJson.parse(body.filter(), "filter"));
    Audit.note(ctx, "by_filter", true);
    long chunks = index.deleteByFilter(filter);
    index.commit();
    Audit.note(ctx, "deleted_chunks", chunks);
    ctx.json(Deleted.chunks(chunks));
  }
}
