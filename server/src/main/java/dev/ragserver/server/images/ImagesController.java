package dev.ragserver.server.images;

import dev.ragserver.index.blob.BlobStore;
import dev.ragserver.server.collections.CollectionsController;
import dev.ragserver.server.engine.Collections;
import dev.ragserver.server.http.ApiException;
import dev.ragserver.server.http.Role;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** Serves the original image of an image chunk ({@code image_url} of a hit), or its thumbnail. */
public final class ImagesController {
  private final Collections collections;

  public ImagesController(Collections collections) {
    this.collections = collections;
  }

  public void register(RoutesConfig routes) {
    routes.get("/v1/collections/{c}/images/{id}", this::image, Role.READ);
  }

  private void image(Context ctx) {
    String collection = CollectionsController.name(ctx);
    String id = ctx.pathParam("id");
    if (!BlobStore.isId(id) || id.contains("-")) {
      throw ApiException.badField(
          "id", "an image id is the 64-hex-digit SHA-256 of the image, got: " + id);
    }
    String thumbnail = ctx.queryParam("thumbnail");
    if (thumbnail != null && !thumbnail.equals("true") && !thumbnail.equals("false")) {
      throw ApiException.badField(
          "thumbnail", "thumbnail must be true or false, got: " + thumbnail);
    }
    boolean thumb = "true".equals(thumbnail);
    BlobStore.Blob blob =
        collections
            .get(collection)
            .blobs()
            .get(thumb ? id + "-thumb" : id)
            .orElseThrow(
                () -> ApiException.notFound("collection " + collection + " has no image " + id));
    // private: an image may sit behind an API key, so no shared cache (proxy, CDN) may keep it
    ctx.header("Cache-Control", "private, max-age=31536000, immutable")
        .header("ETag", "\"" + id + (thumb ? "-thumb" : "") + "\"")
        .contentType(blob.mediaType())
        .result(blob.bytes());
  }
}
