package dev.ragserver.index.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ragserver.config.AnalyzerLanguage;
import dev.ragserver.index.collection.CollectionManifest;
import dev.ragserver.index.schema.ChunkFields;
import dev.ragserver.model.EmbeddingPart;
import java.util.Iterator;
import java.util.Map;

/**
 * The OpenSearch index (settings and mapping) that holds one collection, field for field what the
 * embedded Lucene index stores: ids and citation fields as keywords/integers, the BM25 text with
 * the collection's analyzer ({@code english}: Porter stemming and stopwords; {@code chinese}: CJK
 * bigrams; {@code standard}) and BM25 k1 0.9 b 0.4, the dense and image vectors as {@code
 * knn_vector} with HNSW on the <em>Lucene</em> engine (inner product of unit vectors), sparse
 * weights as {@code rank_features}, token vectors as {@code binary} in their compact stored form
 * (MaxSim runs in our server), and metadata typed for filtering as the Lucene backend types it.
 * Field names are {@link ChunkFields}'s, so a filter means the same on both backends.
 */
public final class OpenSearchMapping {
  private static final ObjectMapper JSON = new ObjectMapper();

  private OpenSearchMapping() {}

  /** The body of {@code PUT /<index>} for a collection; checked by {@link #requireLuceneEngine}. */
  public static ObjectNode forCollection(CollectionManifest manifest, int shards, int replicas) {
    if (shards < 1 || shards > 1024) {
      throw new IllegalArgumentException("shards must be between 1 and 1024, got: " + shards);
    }
    if (replicas < 0 || replicas > 16) {
      throw new IllegalArgumentException("replicas must be between 0 and 16, got: " + replicas);
    }
    ObjectNode body = JSON.createObjectNode();
    ObjectNode index = body.putObject("settings").putObject("index");
    index.put("knn", true);
    index.put("number_of_shards", shards);
    index.put("number_of_replicas", replicas);
    index
        .putObject("similarity")
        .putObject("default")
        .put("type", "BM25")
        .put("k1", 0.9)
        .put("b", 0.4);

    ObjectNode mappings = body.putObject("mappings");
    mappings.put("dynamic", "strict");
    ObjectNode p = mappings.putObject("properties");
    for (String keyword :
        new String[] {
          ChunkFields.CHUNK_ID,
          ChunkFields.DOC_ID,
          ChunkFields.SOURCE,
          ChunkFields.TITLE,
          ChunkFields.MODALITY,
          OpenSearchDocuments.PRESENT
        }) {
      p.putObject(keyword).put("type", "keyword");
    }
    for (String integer :
        new String[] {ChunkFields.CHUNK_NO, ChunkFields.PAGE_START, ChunkFields.PAGE_END}) {
      p.putObject(integer).put("type", "integer");
    }
    for (String stored :
        new String[] {OpenSearchDocuments.CHAR_START, OpenSearchDocuments.CHAR_END}) {
      p.putObject(stored).put("type", "integer").put("index", false);
    }
    p.putObject(OpenSearchDocuments.HEADING)
        .put("type", "keyword")
        .put("index", false)
        .put("doc_values", false);
    p.putObject(ChunkFields.TEXT)
        .put("type", "text")
        .put("analyzer", analyzer(manifest.settings().analyzer()));
    // metadata as the user gave it (returned, not indexed), and typed copies for filters, as the
    // Lucene backend indexes them: strings and booleans as keywords, numbers as doubles, strings
    // that read as ISO-8601 dates also as dates
    p.putObject(OpenSearchDocuments.METADATA).put("type", "object").put("enabled", false);
    for (String typed : new String[] {"meta_s", "meta_n", "meta_d"}) {
      p.putObject(typed).put("type", "object").put("dynamic", true);
    }
    CollectionManifest.ModelSpec model = manifest.model();
    if (model.parts().contains(EmbeddingPart.DENSE)) {
      knn(p.putObject(ChunkFields.DENSE), model.denseDimension(), manifest);
    }
    if (model.parts().contains(EmbeddingPart.SPARSE)) {
      p.putObject(ChunkFields.SPARSE).put("type", "rank_features");
    }
    if (model.parts().contains(EmbeddingPart.MULTI_VECTOR)) {
      p.putObject(ChunkFields.MULTI).put("type", "binary");
    }
    if (manifest.hasImageLeg()) {
      knn(p.putObject(ChunkFields.IMAGE), manifest.imageModel().dimension(), manifest);
    }
    ArrayNode templates = mappings.putArray("dynamic_templates");
    templates
        .addObject()
        .putObject("metadata_keywords")
        .put("path_match", "meta_s.*")
        .putObject("mapping")
        .put("type", "keyword");
    templates
        .addObject()
        .putObject("metadata_numbers")
        .put("path_match", "meta_n.*")
        .putObject("mapping")
        .put("type", "double");
    templates
        .addObject()
        .putObject("metadata_dates")
        .put("path_match", "meta_d.*")
        .putObject("mapping")
        .put("type", "date")
        .put("format", "epoch_millis");
    requireLuceneEngine(body);
    return body;
  }

  private static void knn(ObjectNode field, int dimension, CollectionManifest manifest) {
    field.put("type", "knn_vector");
    field.put("dimension", dimension);
    ObjectNode method = field.putObject("method");
    method.put("name", "hnsw");
    method.put("engine", "lucene");
    method.put("space_type", "innerproduct");
    ObjectNode parameters = method.putObject("parameters");
    parameters.put("m", manifest.settings().hnswMaxConn());
    parameters.put("ef_construction", manifest.settings().hnswBeamWidth());
    switch (manifest.settings().quantization()) {
      case NONE -> {}
      case INT8 -> parameters.putObject("encoder").put("name", "sq");
      default ->
          throw new IllegalArgumentException(
              "quantization "
                  + manifest.settings().quantization()
                  + " has no equivalent on OpenSearch's lucene k-NN engine; use none or int8 for an opensearch collection");
    }
  }

  private static String analyzer(AnalyzerLanguage language) {
    return switch (language) {
      case ENGLISH -> "english";
      case CHINESE -> "cjk";
      case STANDARD -> "standard";
    };
  }

  /**
   * The body of one of the backend's own indexes (versions, blobs, jobs): one primary shard with a
   * replica on up to two other nodes, and a strict mapping of the given fields.
   *
   * @param fields each field's name and type; {@code keyword} fields are indexed, the others only
   *     kept in {@code _source} ({@code object}: any JSON, not parsed)
   */
  static ObjectNode ownIndex(Map<String, String> fields) {
    ObjectNode body = JSON.createObjectNode();
    body.putObject("settings").put("number_of_shards", 1).put("auto_expand_replicas", "0-2");
    ObjectNode properties =
        body.putObject("mappings").put("dynamic", "strict").putObject("properties");
    fields.forEach(
        (name, type) -> {
          ObjectNode f = properties.putObject(name).put("type", type);
          if (type.equals("object")) {
            f.put("enabled", false);
          } else if (!type.equals("keyword") && !type.equals("binary")) {
            f.put("index", false);
          }
        });
    return body;
  }

  /**
   * Refuses a mapping with a {@code knn_vector} field on any engine but {@code lucene}, a missing
   * engine included (OpenSearch's default is FAISS, whose native libraries are not in the Maven
   * distribution: indexing into such a field killed a node). Runs before the mapping is sent.
   *
   * @throws IllegalArgumentException naming the field and its engine
   */
  public static void requireLuceneEngine(JsonNode body) {
    JsonNode properties = body.path("mappings").path("properties");
    check(properties, "");
  }

  private static void check(JsonNode properties, String prefix) {
    for (Iterator<Map.Entry<String, JsonNode>> it = properties.properties().iterator();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode field = e.getValue();
      String name = prefix + e.getKey();
      if ("knn_vector".equals(field.path("type").asText())) {
        JsonNode engine = field.path("method").path("engine");
        if (!"lucene".equals(engine.asText())) {
          throw new IllegalArgumentException(
              "knn_vector field "
                  + name
                  + " must use engine lucene, got: "
                  + (engine.isMissingNode()
                      ? "none (OpenSearch would pick faiss)"
                      : engine.asText())
                  + "; FAISS's native libraries are not in the OpenSearch distribution this backend runs on");
        }
      }
      if (field.has("properties")) {
        check(field.get("properties"), name + ".");
      }
    }
  }
}
