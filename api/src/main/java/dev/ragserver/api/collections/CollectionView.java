package dev.ragserver.api.collections;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A collection as the API describes it: manifest, settings, backend and counts.
 *
 * @param name the collection's name
 * @param created when it was created (ISO-8601)
 * @param schemaVersion the manifest's schema version
 * @param model the text model that built it
 * @param imageModel the image model, or null
 * @param settings analysis and vector storage
 * @param backend where its chunks live
 * @param documents documents, as of the latest refresh
 * @param chunks chunks, as of the latest refresh
 * @param segments index segments
 * @param sizeBytes bytes on disk (or on the cluster)
 * @param imageQuery how a query image searches it: {@code image} (its image model: similar images,
 *     and the image's text by OCR when the server reads it), {@code ocr} (the image's text only),
 *     or {@code none} (it cannot be searched by image)
 */
public record CollectionView(
    String name,
    String created,
    int schemaVersion,
    ModelView model,
    ImageModelView imageModel,
    SettingsView settings,
    BackendView backend,
    long documents,
    long chunks,
    int segments,
    long sizeBytes,
    String imageQuery)
    implements CollectionEntry {
  /**
   * The text model of a collection.
   *
   * @param id the model id
   * @param parts its embedding parts (dense, multi_vector, sparse), sorted
   * @param denseDimension dense vector dimensions
   * @param multiVectorDimension token vector dimensions (0: none)
   */
  public record ModelView(
      String id, List<String> parts, int denseDimension, int multiVectorDimension) {}

  /**
   * The image model of a collection.
   *
   * @param id the image model id
   * @param dimension its vector dimensions
   * @param kind {@code clip} (its vectors in the image field and leg) or {@code visualized-bge} (in
   *     the dense field, searched by the dense leg)
   */
  public record ImageModelView(String id, int dimension, String kind) {}

  /**
   * A collection's analysis and vector storage settings.
   *
   * @param analyzer BM25 analysis
   * @param hnswMaxConn HNSW degree
   * @param hnswBeamWidth HNSW beam width
   * @param quantization dense vector storage
   * @param multiVectorPrecision token vector storage
   */
  public record SettingsView(
      String analyzer,
      int hnswMaxConn,
      int hnswBeamWidth,
      String quantization,
      String multiVectorPrecision) {}

  /**
   * Where a collection's chunks live.
   *
   * @param type lucene or opensearch
   * @param index the OpenSearch index (opensearch only)
   * @param shards its primary shards (opensearch only)
   * @param replicas its replicas (opensearch only)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record BackendView(String type, String index, Integer shards, Integer replicas) {}
}
