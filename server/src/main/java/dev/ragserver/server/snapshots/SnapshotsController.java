package dev.ragserver.server.snapshots;

import dev.ragserver.api.snapshots.SnapshotList;
import dev.ragserver.api.snapshots.SnapshotView;
import dev.ragserver.server.audit.Audit;
import dev.ragserver.server.collections.CollectionsController;
import dev.ragserver.server.http.ApiException;
import dev.ragserver.server.http.Role;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Snapshot routes of a collection (admin: a snapshot holds the whole collection). */
public final class SnapshotsController {
  private final Snapshots snapshots;

  public SnapshotsController(Snapshots snapshots) {
    this.snapshots = snapshots;
  }

  public void register(RoutesConfig routes) {
    routes.post("/v1/collections/{c}/snapshots", this::create, Role.ADMIN);
    routes.get("/v1/collections/{c}/snapshots", this::list, Role.ADMIN);
    routes.get("/v1/collections/{c}/snapshots/{id}", this::download, Role.ADMIN);
    routes.delete("/v1/collections/{c}/snapshots/{id}", this::delete, Role.ADMIN);
  }

  private void create(Context ctx) {
    String collection = CollectionsController.name(ctx);
    SnapshotView v;
    try {
      v = snapshots.create(collection);
    } catch (Snapshots.NotKept e) {
      throw ApiException.conflict(e.getMessage());
    }
    Audit.note(ctx, "snapshot", v.id());
    Audit.note(ctx, "chunks", v.chunks());
    ctx.status(201).header("Location", v.url()).json(v);
  }

  private void list(Context ctx) {
    ctx.json(new SnapshotList(snapshots.list(CollectionsController.name(ctx))));
  }

  private void download(Context ctx) {
    String collection = CollectionsController.name(ctx);
    String id = ctx.pathParam("id");
    if (snapshots.archive(collection, id).isEmpty()) {
      snapshots
          .inCluster(collection, id)
          .ifPresent(
              cluster -> {
                throw ApiException.conflict(
                    "snapshot "
                        + id
                        + " is held by the cluster's snapshot repository "
                        + cluster.repository()
                        + ", not as an archive here: restore it with restore_from, or read it"
                        + " from the repository");
              });
    }
    Path archive = found(collection, id);
    ctx.contentType("application/zip")
        .header(
            "Content-Disposition", "attachment; filename=\"" + collection + "-" + id + ".zip\"");
    try {
      ctx.header("Content-Length", Long.toString(Files.size(archive)));
      InputStream in = Files.newInputStream(archive);
      ctx.result(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void delete(Context ctx) {
    String collection = CollectionsController.name(ctx);
    String id = ctx.pathParam("id");
    Audit.note(ctx, "snapshot", id);
    if (!snapshots.delete(collection, id)) {
      throw ApiException.notFound("collection " + collection + " has no snapshot " + id);
    }
    ctx.json(Map.of("deleted", id));
  }

  private Path found(String collection, String id) {
    return snapshots
        .archive(collection, id)
        .orElseThrow(
            () -> ApiException.notFound("collection " + collection + " has no snapshot " + id));
  }
}
