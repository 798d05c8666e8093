package dev.ragserver.index.collection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragserver.config.AnalyzerLanguage;
import dev.ragserver.config.ImageModelKind;
import dev.ragserver.config.MultiVectorPrecision;
import dev.ragserver.config.Quantization;
import dev.ragserver.index.JsonFiles;
import dev.ragserver.index.TestCollections;
import dev.ragserver.index.schema.Chunk;
import dev.ragserver.index.schema.Modality;
import dev.ragserver.index.search.Hit;
import dev.ragserver.index.search.Leg;
import dev.ragserver.index.search.LegSpec;
import dev.ragserver.index.search.QueryInput;
import dev.ragserver.index.search.SearchRequest;
import dev.ragserver.model.Embedding;
import dev.ragserver.model.EmbeddingPart;
import dev.ragserver.model.ModelInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Per-collection choices: quantisation, analyzer language, an image model. */
class CollectionSettingsTest {
  @TempDir Path dir;
  private static final ModelInfo DENSE_16 =
      new ModelInfo("d16", EnumSet.of(EmbeddingPart.DENSE), 16, 0, 512, "");

  private static Chunk chunk(String id, String text, float[] dense, float[] image) {
    return new Chunk(
        id,
        id,
        0,
        text,
        "",
        "",
        0,
        0,
        0,
        text.length(),
        List.of(),
        image == null ? Modality.TEXT : Modality.IMAGE,
        Map.of(),
        new Embedding(dense, null, null, 2, false),
        image);
  }

  @ParameterizedTest
  @EnumSource(Quantization.class)
  void everyQuantisationFindsTheNearestVector(Quantization quantization) {
    Random r = new Random(3);
    try (CollectionRegistry registry = TestCollections.registry(dir)) {
      var c =
          registry.create(
              "q",
              new CollectionSettings(
                  AnalyzerLanguage.STANDARD, 8, 50, quantization, MultiVectorPrecision.INT8),
              DENSE_16,
              null);
      List<Chunk> chunks = new ArrayList<>();
      float[][] vectors = new float[300][];
      for (int i = 0; i < vectors.length; i++) {
        vectors[i] = TestCollections.randomUnit(r, 16);
        chunks.add(chunk("c" + i, "t", vectors[i], null));
      }
      c.upsert(chunks);
      c.commit();
      int found = 0;
      for (int i = 0; i < 20; i++) {
        var request =
            SearchRequest.of(
                    new QueryInput(null, new Embedding(vectors[i], null, null, 2, false), null), 5)
                .withLegs(List.of(LegSpec.of(Leg.DENSE)));
        String wanted = "c" + i;
        if (c.search(request).hits().stream().anyMatch(h -> h.chunk().chunkId().equals(wanted))) {
          found++;
        }
      }
      assertTrue(
          found >= 18,
          quantization + ": the stored vector is among the top 5 for " + found + " of 20 queries");
    }
  }

  @Test
  void chineseCollectionsFindChineseTextWithBm25() {
    try (CollectionRegistry registry = TestCollections.registry(dir)) {
      var c =
          registry.create(
              "zh",
              new CollectionSettings(
                  AnalyzerLanguage.CHINESE, 16, 100, Quantization.NONE, MultiVectorPrecision.INT8),
              DENSE_16,
              null);
      float[] v = TestCollections.randomUnit(new Random(1), 16);
      c.upsert(
          List.of(chunk("a", "今天天气很好，我们去公园散步。", v, null), chunk("b", "公司第三季度的营业收入增长了。", v, null)));
      c.commit();
      var request =
          SearchRequest.of(new QueryInput("公园散步", null, null), 5)
              .withLegs(List.of(LegSpec.of(Leg.BM25)));
      List<Hit> hits = c.search(request).hits();
      assertEquals(1, hits.size(), "CJK bigrams match the Chinese query");
      assertEquals("a", hits.get(0).chunk().chunkId());
    }
  }

  @Test
  void theImageLegSearchesTheImageSpace() {
    try (CollectionRegistry registry = TestCollections.registry(dir)) {
      var c =
          registry.create(
              "img",
              TestCollections.settings(MultiVectorPrecision.INT8),
              DENSE_16,
              CollectionManifest.ImageModelSpec.clip("clip-test", 4));
      float[] text = TestCollections.randomUnit(new Random(5), 16);
      c.upsert(
          List.of(
              chunk("cat", "a photo", text, TestCollections.unit(1, 0, 0, 0)),
              chunk("dog", "a photo", text, TestCollections.unit(0, 1, 0, 0)),
              chunk("plain", "no image here", text, null)));
      c.commit();
      var request =
          SearchRequest.of(new QueryInput(null, null, TestCollections.unit(0.9f, 0.1f, 0, 0)), 5);
      var result = c.search(request);
      assertEquals(List.of(Leg.IMAGE), result.legs(), "an image-only query runs the image leg");
      assertEquals("cat", result.hits().get(0).chunk().chunkId());
      assertEquals(Modality.IMAGE, result.hits().get(0).chunk().modality());
      assertEquals(2, result.hits().size(), "chunks without an image vector are not image hits");
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> c.upsert(List.of(chunk("bad", "x", text, new float[] {1, 0}))));
      assertTrue(e.getMessage().contains("image vector of 2 dimensions"), e.getMessage());
      assertFalse(c.manifest().imageModel() == null);
    }
  }

  @Test
  void aVisualizedBgeCollectionKeepsImagesInTheDenseLeg() {
    try (CollectionRegistry registry = TestCollections.registry(dir)) {
      var c =
          registry.create(
              "vbge",
              TestCollections.settings(MultiVectorPrecision.INT8),
              DENSE_16,
              CollectionManifest.ImageModelSpec.of("vbge-test", 16, ImageModelKind.VISUALIZED_BGE));
      float[] picture = TestCollections.randomUnit(new Random(7), 16);
      c.upsert(
          List.of(
              chunk("photo", "Image of photo.png", picture, null),
              chunk("text", "a text", TestCollections.randomUnit(new Random(8), 16), null)));
      c.commit();
      var result =
          c.search(SearchRequest.of(new QueryInput(null, Embedding.ofDense(picture, 1), null), 5));
      assertEquals(List.of(Leg.DENSE), result.legs());
      assertEquals("photo", result.hits().get(0).chunk().chunkId());
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  c.upsert(List.of(chunk("bad", "x", picture, TestCollections.unit(1, 0, 0, 0)))));
      assertTrue(e.getMessage().contains("in the dense field"), e.getMessage());
      IllegalArgumentException leg =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  c.search(
                      SearchRequest.of(new QueryInput(null, Embedding.ofDense(picture, 1), null), 5)
                          .withLegs(List.of(LegSpec.of(Leg.IMAGE)))));
      assertTrue(leg.getMessage().contains("puts images in the dense leg"), leg.getMessage());
    }
    CollectionManifest read = CollectionManifest.read(dir.resolve("vbge"));
    assertEquals("visualized-bge", read.imageModel().kind());
    assertFalse(read.hasImageLeg());
  }

  @Test
  void aManifestWrittenBeforeImageModelKindsReadsAsClip() throws java.io.IOException {
    var json = CollectionManifest.ImageModelSpec.clip("old-clip", 4);
    var old =
        JsonFiles.MAPPER.readValue(
            "{\"id\": \"old-clip\", \"dimension\": 4}", CollectionManifest.ImageModelSpec.class);
    assertEquals(json, old);
    assertTrue(old.ownLeg());
    // and a CLIP spec is written as before, so an earlier server still reads it
    assertFalse(JsonFiles.MAPPER.writeValueAsString(json).contains("kind"));
    assertTrue(
        JsonFiles.MAPPER
            .writeValueAsString(
                CollectionManifest.ImageModelSpec.of("v", 4, ImageModelKind.VISUALIZED_BGE))
            .contains("\"kind\" : \"visualized-bge\""));
  }
}
