package dev.ragserver.server.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ragserver.server.http.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One server, several text models: each collection is embedded with the model it was created for
 * (ingest, query, Dify and embeddings alike), models load on first use and a cap unloads the idle
 * one, and a collection whose model is gone is reported and refused alone.
 */
class ModelsPerCollectionTest {
  private static final String EN = "bge-small-en-v1.5";
  private static final String ZH = "bge-small-zh-v1.5";

  private static final String ZH_DOCS =
      """
      {"documents": [
        {"id": "tides", "text": "潮汐是海水在月球和太阳引力作用下发生的周期性涨落。"},
        {"id": "lighthouse", "text": "灯塔用透镜把灯光聚成一束强光，让远处的船只看见海岸。"},
        {"id": "tea", "text": "绿茶的制作要经过杀青、揉捻和干燥三道工序。"}
      ]}
      """;

  private static final String EN_DOCS =
      """
      {"documents": [
        {"id": "tides", "text": "Tides are the regular rise and fall of the sea caused by the pull of the moon and the sun."},
        {"id": "tea", "text": "Green tea is made by heating, rolling and drying fresh leaves."}
      ]}
      """;

  @TempDir Path dir;

  private static String denseQuery(String text) {
    return "{\"query\": \"" + text + "\", \"top_k\": 3, \"legs\": [\"dense\"]}";
  }

  private static String firstId(JsonNode result) {
    return result.get("hits").get(0).get("document_id").asText();
  }

  @Test
  void twoCollectionsWithTwoBuiltInModelsEachUseTheirOwnModelOnEveryRoute() {
    try (TestServer s = new TestServer(dir.resolve("data"), Map.of())) {
      JsonNode zh = s.put("/v1/collections/handbook-zh", "{\"language\": \"zh\"}").json();
      assertEquals(ZH, zh.at("/model/id").asText(), zh.toString());
      assertEquals(512, zh.at("/model/dense_dimension").asInt());
      assertEquals("chinese", zh.at("/settings/analyzer").asText(), "language picks the analyzer");
      JsonNode en = s.put("/v1/collections/handbook-en", "{}").json();
      assertEquals(EN, en.at("/model/id").asText(), "no model named: model.name");
      assertEquals(384, en.at("/model/dense_dimension").asInt());

      assertEquals(200, s.post("/v1/collections/handbook-zh/documents", ZH_DOCS).status());
      assertEquals(200, s.post("/v1/collections/handbook-en/documents", EN_DOCS).status());
      TestServer.Response upload =
          s.upload(
              "/v1/collections/handbook-zh/documents", "bridges.md", "# 桥梁\n\n赵州桥是中国现存最古老的石拱桥。\n");
      assertEquals(200, upload.status(), upload.text());

      // a Chinese question on the zh collection: its dense leg (the zh model) ranks the answer
      // first
      JsonNode tides =
          s.post("/v1/collections/handbook-zh/query", denseQuery("月亮的引力怎样引起潮汐？")).json();
      assertEquals("tides", firstId(tides), tides.toString());
      JsonNode bridge =
          s.post("/v1/collections/handbook-zh/query", denseQuery("最古老的石拱桥是哪一座")).json();
      assertTrue(
          firstId(bridge).endsWith("bridges.md"),
          "an uploaded file is embedded with zh too: " + bridge);
      JsonNode enTides =
          s.post("/v1/collections/handbook-en/query", denseQuery("what makes the tides rise"))
              .json();
      assertEquals("tides", firstId(enTides), enTides.toString());

      JsonNode dify =
          s.post(
                  "/retrieval",
                  "{\"knowledge_id\": \"handbook-zh\", \"query\": \"灯塔如何让船看见海岸\","
                      + " \"retrieval_setting\": {\"top_k\": 2, \"score_threshold\": 0}}")
              .json();
      assertEquals(
          "lighthouse", dify.at("/records/0/metadata/document_id").asText(), dify.toString());

      // /v1/embeddings picks among the served models; another name gets the default model
      assertEquals(512, embedding(s, ZH).size());
      assertEquals(512, embedding(s, ZH + ":query").size());
      assertEquals(384, embedding(s, EN).size());
      assertEquals(384, embedding(s, "text-embedding-3-small").size());
      List<String> listed = new ArrayList<>();
      s.get("/v1/models").json().get("data").forEach(m -> listed.add(m.get("id").asText()));
      assertEquals(
          List.of(EN, EN + ":query", EN + "-q", EN + "-q:query", ZH, ZH + ":query"), listed);

      JsonNode ready = s.get("/readyz").json();
      assertEquals("ready", ready.get("status").asText());
      assertEquals(2, ready.get("collections").asInt());
      assertEquals(Map.of(EN, true, EN + "-q", false, ZH, true), loaded(s), ready.toString());
    }
  }

  private static JsonNode embedding(TestServer s, String model) {
    TestServer.Response r =
        s.post("/v1/embeddings", "{\"model\": \"" + model + "\", \"input\": \"海水\"}");
    assertEquals(200, r.status(), r.text());
    return r.json().at("/data/0/embedding");
  }

  @Test
  void aCreationNamingAModelTheServerDoesNotServeIsRefusedListingTheServedOnes() {
    try (TestServer s = new TestServer(dir.resolve("data"), Map.of())) {
      TestServer.Response r = s.put("/v1/collections/x", "{\"model\": \"bge-m3\"}");
      assertEquals(400, r.status(), r.text());
      assertTrue(r.text().contains("models.bge-m3.directory") && r.text().contains(ZH), r.text());
      TestServer.Response lang = s.put("/v1/collections/x", "{\"language\": \"klingon\"}");
      assertEquals(400, lang.status(), lang.text());
      assertEquals("language", lang.json().get("field").asText());
      assertFalse(s.get("/v1/collections/x").status() == 200, "nothing was created");
    }
  }

  @Test
  void aCapOnLoadedModelsUnloadsTheIdleModelAndReloadsItOnDemand() {
    try (TestServer s =
        new TestServer(dir.resolve("data"), Map.of("model.max_loaded_models", "1"))) {
      s.put("/v1/collections/en", "{}");
      s.post("/v1/collections/en/documents", EN_DOCS);
      s.put("/v1/collections/zh", "{\"model\": \"" + ZH + "\"}");
      s.post("/v1/collections/zh/documents", ZH_DOCS);
      assertEquals(
          Map.of(EN, false, EN + "-q", false, ZH, true), loaded(s), "the zh model made room");
      JsonNode again =
          s.post("/v1/collections/en/query", denseQuery("what makes the tides rise")).json();
      assertEquals("tides", firstId(again), "the en model loads again and answers");
      assertEquals(Map.of(EN, true, EN + "-q", false, ZH, false), loaded(s));
      String metrics = s.get("/metrics").text();
      assertTrue(metrics.contains("rag_model_unloads_total{model=\"" + EN + "\"} 1.0"), metrics);
      assertTrue(metrics.contains("rag_model_loads_total{model=\"" + EN + "\"} 2.0"), metrics);
      assertTrue(metrics.contains("rag_model_loaded{model=\"" + ZH + "\"} 0.0"), metrics);
    }
  }

  private static Map<String, Boolean> loaded(TestServer s) {
    Map<String, Boolean> out = new java.util.TreeMap<>();
    s.get("/readyz")
        .json()
        .get("models")
        .forEach(m -> out.put(m.get("name").asText(), m.get("loaded").asBoolean()));
    return out;
  }

  @Test
  void aCollectionWhoseModelFolderIsGoneIsReportedAndRefusedAloneWhileTheServerStaysReady()
      throws IOException {
    Path m3 = copy(Path.of("../model/src/test/resources/m3/encoder-heads"), dir.resolve("m3"));
    Map<String, String> settings = Map.of("models.bge-m3.directory", m3.toString());
    Path data = dir.resolve("data");
    try (TestServer s = new TestServer(data, settings)) {
      assertEquals(201, s.put("/v1/collections/multi", "{\"model\": \"bge-m3\"}").status());
      assertEquals(
          200,
          s.post(
                  "/v1/collections/multi/documents",
                  "{\"documents\": [{\"id\": \"a\", \"text\": \"hello\"}]}")
              .status());
      s.put("/v1/collections/handbook", "{}");
      s.post("/v1/collections/handbook/documents", EN_DOCS);
    }
    deleteTree(m3);
    try (TestServer s = new TestServer(data, settings)) {
      TestServer.Response ready = s.get("/readyz");
      assertEquals(
          200,
          ready.status(),
          "one collection that cannot serve leaves the server ready: " + ready.text());
      JsonNode gone = ready.json().get("unavailable").get(0);
      assertEquals("multi", gone.get("name").asText());
      assertEquals("bge-m3", gone.get("model").asText());
      assertTrue(gone.get("error").asText().contains("does not exist"), gone.toString());
      assertEquals(1, ready.json().get("collections").asInt());

      JsonNode listed = s.get("/v1/collections").json().get("collections");
      assertEquals("handbook", listed.get(0).get("name").asText());
      assertEquals(2, listed.get(0).get("documents").asInt());
      assertEquals("multi", listed.get(1).get("name").asText());
      assertEquals("bge-m3", listed.get(1).at("/model/id").asText());
      assertTrue(listed.get(1).get("error").asText().contains("does not exist"), listed.toString());

      TestServer.Response query = s.post("/v1/collections/multi/query", "{\"query\": \"hello\"}");
      assertEquals(503, query.status(), query.text());
      assertTrue(query.text().contains("bge-m3"), query.text());
      assertEquals(503, s.get("/v1/collections/multi").status());
      JsonNode other =
          s.post("/v1/collections/handbook/query", denseQuery("what makes the tides rise")).json();
      assertEquals("tides", firstId(other), "the other collection keeps answering");

      String metrics = s.get("/metrics").text();
      assertTrue(metrics.contains("rag_collection_available{collection=\"multi\"} 0.0"), metrics);
      assertTrue(
          metrics.contains("rag_collection_available{collection=\"handbook\"} 1.0"), metrics);
      assertEquals(
          200, s.get("/readyz").status(), "a failed load is still that collection's alone");
    }
  }

  private static Path copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : files.toList()) {
        Files.copy(p, to.resolve(from.relativize(p).toString()));
      }
    }
    return to;
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
