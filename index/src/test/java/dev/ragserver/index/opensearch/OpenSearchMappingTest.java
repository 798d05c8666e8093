package dev.ragserver.index.opensearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ragserver.config.AnalyzerLanguage;
import dev.ragserver.config.ImageModelKind;
import dev.ragserver.config.MultiVectorPrecision;
import dev.ragserver.config.Quantization;
import dev.ragserver.index.collection.CollectionManifest;
import dev.ragserver.index.collection.CollectionSettings;
import dev.ragserver.model.EmbeddingPart;
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenSearchMappingTest {
  static CollectionManifest manifest(
      AnalyzerLanguage analyzer, Quantization quantization, boolean image) {
    return new CollectionManifest(
        1,
        "docs",
        "2026-11-27T00:00:00Z",
        new CollectionManifest.ModelSpec("bge-m3", EnumSet.allOf(EmbeddingPart.class), 1024, 1024),
        image ? CollectionManifest.ImageModelSpec.clip("clip", 512) : null,
        new CollectionSettings(analyzer, 24, 200, quantization, MultiVectorPrecision.INT8),
        null);
  }

  @Test
  void everyPartOfAChunkHasItsFieldAndVectorsUseTheLuceneEngine() {
    ObjectNode body =
        OpenSearchMapping.forCollection(
            manifest(AnalyzerLanguage.ENGLISH, Quantization.NONE, true), 2, 1);
    assertEquals(2, body.at("/settings/index/number_of_shards").asInt());
    assertEquals(1, body.at("/settings/index/number_of_replicas").asInt());
    assertEquals(0.9, body.at("/settings/index/similarity/default/k1").asDouble());
    assertEquals(0.4, body.at("/settings/index/similarity/default/b").asDouble());
    JsonNode p = body.at("/mappings/properties");
    assertEquals("english", p.at("/text/analyzer").asText());
    assertEquals(1024, p.at("/dense/dimension").asInt());
    assertEquals("lucene", p.at("/dense/method/engine").asText());
    assertEquals("innerproduct", p.at("/dense/method/space_type").asText());
    assertEquals(24, p.at("/dense/method/parameters/m").asInt());
    assertEquals(200, p.at("/dense/method/parameters/ef_construction").asInt());
    assertEquals(512, p.at("/image/dimension").asInt());
    assertEquals("lucene", p.at("/image/method/engine").asText());
    assertEquals("rank_features", p.at("/sparse/type").asText());
    assertEquals("binary", p.at("/multi/type").asText());
    assertEquals("keyword", p.at("/doc_id/type").asText());
    assertEquals(
        "cjk",
        OpenSearchMapping.forCollection(
                manifest(AnalyzerLanguage.CHINESE, Quantization.NONE, false), 1, 0)
            .at("/mappings/properties/text/analyzer")
            .asText());
  }

  @Test
  void aVisualizedBgeCollectionHasNoImageFieldItsImagesAreInTheDenseOne() {
    CollectionManifest m = manifest(AnalyzerLanguage.ENGLISH, Quantization.NONE, false);
    CollectionManifest vbge =
        new CollectionManifest(
            m.schemaVersion(),
            m.name(),
            m.created(),
            m.model(),
            CollectionManifest.ImageModelSpec.of("vbge", 1024, ImageModelKind.VISUALIZED_BGE),
            m.settings(),
            null);
    JsonNode p = OpenSearchMapping.forCollection(vbge, 1, 0).at("/mappings/properties");
    assertTrue(p.at("/image").isMissingNode(), p.toString());
    assertEquals(1024, p.at("/dense/dimension").asInt());
  }

  @Test
  void int8IsLucenesScalarQuantisationAndOthersAreRefused() {
    assertEquals(
        "sq",
        OpenSearchMapping.forCollection(
                manifest(AnalyzerLanguage.ENGLISH, Quantization.INT8, false), 1, 0)
            .at("/mappings/properties/dense/method/parameters/encoder/name")
            .asText());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                OpenSearchMapping.forCollection(
                    manifest(AnalyzerLanguage.ENGLISH, Quantization.BINARY, false), 1, 0));
    assertTrue(e.getMessage().contains("quantization BINARY has no equivalent"), e.getMessage());
  }

  @Test
  void aKnnFieldOnFaissOrOnNoEngineIsRefusedBeforeAnyRequest() throws Exception {
    ObjectMapper json = new ObjectMapper();
    JsonNode faiss =
        json.readTree(
            """
        {"mappings": {"properties": {"chunk": {"properties": {
          "v": {"type": "knn_vector", "dimension": 4, "method": {"name": "hnsw", "engine": "faiss"}}}}}}}""");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> OpenSearchMapping.requireLuceneEngine(faiss));
    assertEquals(
        "knn_vector field chunk.v must use engine lucene, got: faiss; FAISS's native libraries are not in the"
            + " OpenSearch distribution this backend runs on",
        e.getMessage());
    JsonNode none =
        json.readTree(
            "{\"mappings\": {\"properties\": {\"v\": {\"type\": \"knn_vector\", \"dimension\": 4}}}}");
    assertTrue(
        assertThrows(
                IllegalArgumentException.class, () -> OpenSearchMapping.requireLuceneEngine(none))
            .getMessage()
            .contains("got: none (OpenSearch would pick faiss)"));
    // the client runs the guard before it sends anything: this host does not exist, yet the error
    // is the guard's
    try (OpenSearchClient client =
        new OpenSearchClient(
            List.of(URI.create("http://127.0.0.1:1")),
            null,
            null,
            Duration.ofSeconds(1),
            OpenSearchClient.Retry.standard())) {
      assertTrue(
          assertThrows(IllegalArgumentException.class, () -> client.createIndex("x", faiss))
              .getMessage()
              .startsWith("knn_vector field chunk.v must use engine lucene"));
    }
  }

  @Test
  void shardAndReplicaCountsAreChecked() {
    CollectionManifest m = manifest(AnalyzerLanguage.ENGLISH, Quantization.NONE, false);
    assertEquals(
        "shards must be between 1 and 1024, got: 0",
        assertThrows(IllegalArgumentException.class, () -> OpenSearchMapping.forCollection(m, 0, 1))
            .getMessage());
    assertEquals(
        "replicas must be between 0 and 16, got: -1",
        assertThrows(
                IllegalArgumentException.class, () -> OpenSearchMapping.forCollection(m, 1, -1))
            .getMessage());
  }
}
