package dev.ragserver.index.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ragserver.config.AnalyzerLanguage;
import dev.ragserver.index.collection.CollectionManifest;
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
 * (MaxSim runs in our server), and metadata with strings as keywords for filtering.
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
    index.putObject("similarity").putObject("default").put("type", "BM25").put("k1", 0.9).put("b", 0.4);

    ObjectNode mappings = body.putObject("mappings");
    mappings.put("dynamic", "strict");
    ObjectNode p = mappings.putObject("properties");
    for (String keyword : new String[] {"chunk_id", "doc_id", "source", "modality", "heading_path", "image_id",
        "content_hash", "ingest_fingerprint"}) {
      p.putObject(keyword).put("type", "keyword");
    }
    for (String integer : new String[] {"chunk_number", "page_start", "page_end", "char_start", "char_end"}) {
      p.putObject(integer).put("type", "integer");
    }
    p.putObject("title").put("type", "keyword");
    p.putObject("text").put("type", "text").put("analyzer", analyzer(manifest.settings().analyzer()));
    CollectionManifest.ModelSpec model = manifest.model();
    if (model.parts().contains(EmbeddingPart.DENSE)) {
      knn(p.putObject("dense"), model.denseDimension(), manifest);
    }
    if (model.parts().contains(EmbeddingPart.SPARSE)) {
      p.putObject("sparse").put("type", "rank_features");
    }
    if (model.parts().contains(EmbeddingPart.MULTI_VECTOR)) {
      p.putObject("multi").put("type", "binary");
    }
    if (manifest.imageModel() != null) {
      knn(p.putObject("image"), manifest.imageModel().dimension(), manifest);
    }
    ObjectNode metadata = p.putObject("metadata");
    metadata.put("type", "object");
    metadata.put("dynamic", true);
    ArrayNode templates = mappings.putArray("dynamic_templates");
    templates.addObject().putObject("metadata_strings").put("path_match", "metadata.*")
        .put("match_mapping_type", "string").putObject("mapping").put("type", "keyword");
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
      case NONE -> { }
      case INT8 -> parameters.putObject("encoder").put("name", "sq");
      default -> throw new IllegalArgumentException("quantization " + manifest.settings().quantization()
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
    for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode field = e.getValue();
      String name = prefix + e.getKey();
      if ("knn_vector".equals(field.path("type").asText())) {
        JsonNode engine = field.path("method").path("engine");
        if (!"lucene".equals(engine.asText())) {
          throw new IllegalArgumentException("knn_vector field " + name + " must use engine lucene, got: "
              + (engine.isMissingNode() ? "none (OpenSearch would pick faiss)" : engine.asText())
              + "; FAISS's native libraries are not in the OpenSearch distribution this backend runs on");
        }
      }
      if (field.has("properties")) {
        check(field.get("properties"), name + ".");
      }
    }
  }
}
