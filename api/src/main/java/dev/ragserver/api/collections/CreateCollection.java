package dev.ragserver.api.collections;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.ragserver.config.AnalyzerLanguage;
import dev.ragserver.config.MultiVectorPrecision;
import dev.ragserver.config.Quantization;

/**
 * The body of {@code PUT /v1/collections/{c}}; every field is optional (defaults: {@code
 * model.name}, the server's image model, the {@code index} section).
 *
 * @param model the text model, one of the served models (GET /v1/models)
 * @param language en, zh or multilingual: picks the model and analyzer that suit it (those named
 *     beside it win)
 * @param imageModel the server's image model, or "" for none (default: the server's, if any)
 * @param analyzer BM25 analysis: english, chinese, standard
 * @param hnswMaxConn HNSW degree
 * @param hnswBeamWidth HNSW beam width
 * @param quantization dense vector storage
 * @param multiVectorPrecision token vector storage
 * @param backend lucene (this server's disk) or opensearch (the configured cluster)
 * @param shards primary shards on the cluster (opensearch only)
 * @param replicas replicas on the cluster (opensearch only)
 * @param restoreFrom {@code COLLECTION/SNAPSHOT}: the collection is restored from that snapshot
 *     (its settings come from the snapshot; no other field may be given)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CreateCollection(
    String model,
    String language,
    String imageModel,
    AnalyzerLanguage analyzer,
    Integer hnswMaxConn,
    Integer hnswBeamWidth,
    Quantization quantization,
    MultiVectorPrecision multiVectorPrecision,
    String backend,
    Integer shards,
    Integer replicas,
    String restoreFrom) {
  /** A collection with every setting the server's default. */
  public static CreateCollection defaults() {
    return new Fields().edit(f -> {});
  }

  /** This request with the text model named. */
  public CreateCollection withModel(String name) {
    return new Fields(this).edit(f -> f.model = name);
  }

  /** This request with the language (en, zh, multilingual) named. */
  public CreateCollection withLanguage(String language) {
    return new Fields(this).edit(f -> f.language = language);
  }

  /** This request with the BM25 analysis named. */
  public CreateCollection withAnalyzer(AnalyzerLanguage analyzer) {
    return new Fields(this).edit(f -> f.analyzer = analyzer);
  }

  /** This request without an image model ("" names none), or with the server's one by name. */
  public CreateCollection withImageModel(String imageModel) {
    return new Fields(this).edit(f -> f.imageModel = imageModel);
  }

  /** A collection restored from a snapshot of a collection (which may since have been deleted). */
  public static CreateCollection restoredFrom(String collection, String snapshotId) {
    return restoring(collection + "/" + snapshotId);
  }

  /** A collection restored from {@code COLLECTION/SNAPSHOT_ID}. */
  public static CreateCollection restoring(String from) {
    return new Fields().edit(f -> f.restoreFrom = from);
  }

  /** This request on the OpenSearch cluster, with these shards and replicas. */
  public CreateCollection onOpenSearch(int shards, int replicas) {
    return new Fields(this)
        .edit(
            f -> {
              f.backend = "opensearch";
              f.shards = shards;
              f.replicas = replicas;
            });
  }

  /** The fields of a request being edited: a copy, changed, then built into a new request. */
  private static final class Fields {
    private String model;
    private String language;
    private String imageModel;
    private AnalyzerLanguage analyzer;
    private Integer hnswMaxConn;
    private Integer hnswBeamWidth;
    private Quantization quantization;
    private MultiVectorPrecision multiVectorPrecision;
    private String backend;
    private Integer shards;
    private Integer replicas;
    private String restoreFrom;

    Fields() {}

    Fields(CreateCollection r) {
      model = r.model;
      language = r.language;
      imageModel = r.imageModel;
      analyzer = r.analyzer;
      hnswMaxConn = r.hnswMaxConn;
      hnswBeamWidth = r.hnswBeamWidth;
      quantization = r.quantization;
      multiVectorPrecision = r.multiVectorPrecision;
      backend = r.backend;
      shards = r.shards;
      replicas = r.replicas;
      restoreFrom = r.restoreFrom;
    }

    CreateCollection edit(java.util.function.Consumer<Fields> change) {
      change.accept(this);
      return new CreateCollection(
          model,
          language,
          imageModel,
          analyzer,
          hnswMaxConn,
          hnswBeamWidth,
          quantization,
          multiVectorPrecision,
          backend,
          shards,
          replicas,
          restoreFrom);
    }
  }
}
