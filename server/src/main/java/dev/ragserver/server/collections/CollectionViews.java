package dev.ragserver.server.collections;

import dev.ragserver.api.collections.CollectionView;
import dev.ragserver.index.collection.CollectionManifest;
import dev.ragserver.index.collection.CollectionRegistry;
import dev.ragserver.index.collection.CollectionStats;
import java.util.Locale;

/** Builds the API's {@link CollectionView} from a collection's manifest and counts. */
public final class CollectionViews {
  private CollectionViews() {}

  /**
   * The view of a collection's description.
   *
   * @param readsImageText whether the server reads text in images (OCR)
   */
  public static CollectionView of(CollectionRegistry.Description d, boolean readsImageText) {
    CollectionManifest m = d.manifest();
    CollectionStats s = d.stats();
    CollectionManifest.ModelSpec model = m.model();
    return new CollectionView(
        m.name(),
        m.created(),
        m.schemaVersion(),
        new CollectionView.ModelView(
            model.id(),
            model.parts().stream().map(p -> p.name().toLowerCase(Locale.ROOT)).sorted().toList(),
            model.denseDimension(),
            model.multiVectorDimension()),
        m.imageModel() == null
            ? null
            : new CollectionView.ImageModelView(
                m.imageModel().id(), m.imageModel().dimension(), m.imageModel().kind()),
        new CollectionView.SettingsView(
            lower(m.settings().analyzer()),
            m.settings().hnswMaxConn(),
            m.settings().hnswBeamWidth(),
            lower(m.settings().quantization()),
            lower(m.settings().multiVectorPrecision())),
        m.opensearch() == null
            ? new CollectionView.BackendView("lucene", null, null, null)
            : new CollectionView.BackendView(
                "opensearch",
                m.opensearch().index(),
                m.opensearch().shards(),
                m.opensearch().replicas()),
        s.documents(),
        s.chunks(),
        s.segments(),
        s.bytesOnDisk(),
        m.imageModel() != null ? "image" : readsImageText ? "ocr" : "none");
  }

  private static String lower(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }
}
