package dev.ragserver.server.collections;

import dev.ragserver.index.collection.CollectionManifest;
import dev.ragserver.index.collection.CollectionRegistry;
import dev.ragserver.index.collection.CollectionStats;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A collection as the API describes it. */
public final class CollectionJson {
  private CollectionJson() {}

  public static Map<String, Object> describe(CollectionRegistry.Description d) {
    CollectionManifest m = d.manifest();
    CollectionStats s = d.stats();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", m.name());
    out.put("created", m.created());
    out.put("schema_version", m.schemaVersion());
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("id", m.model().id());
    model.put("parts", m.model().parts().stream().map(p -> p.name().toLowerCase(Locale.ROOT)).sorted().toList());
    model.put("dense_dimension", m.model().denseDimension());
    model.put("multi_vector_dimension", m.model().multiVectorDimension());
    out.put("model", model);
    out.put("image_model", m.imageModel() == null ? null
        : Map.of("id", m.imageModel().id(), "dimension", m.imageModel().dimension()));
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("analyzer", lower(m.settings().analyzer()));
    settings.put("hnsw_max_conn", m.settings().hnswMaxConn());
    settings.put("hnsw_beam_width", m.settings().hnswBeamWidth());
    settings.put("quantization", lower(m.settings().quantization()));
    settings.put("multi_vector_precision", lower(m.settings().multiVectorPrecision()));
    out.put("settings", settings);
    if (m.opensearch() == null) {
      out.put("backend", Map.of("type", "lucene"));
    } else {
      Map<String, Object> backend = new LinkedHashMap<>();
      backend.put("type", "opensearch");
      backend.put("index", m.opensearch().index());
      backend.put("shards", m.opensearch().shards());
      backend.put("replicas", m.opensearch().replicas());
      out.put("backend", backend);
    }
    out.put("documents", s.documents());
    out.put("chunks", s.chunks());
    out.put("segments", s.segments());
    out.put("size_bytes", s.bytesOnDisk());
    return out;
  }

  private static String lower(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }
}
