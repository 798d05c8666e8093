package dev.ragserver.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Every route over real HTTP, on a server without API keys. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiTest {
  @TempDir static Path dir;
  private TestServer s;
  private Path roots;

  @BeforeAll
  void start() throws IOException {
    roots = Files.createDirectories(dir.resolve("server-files"));
    s =
        new TestServer(
            dir.resolve("data"),
            Map.of(
                "server.ingest_roots",
                "[\"" + roots + "\"]",
                "server.max_request_bytes",
                "200000",
                "server.max_files_per_upload",
                "3"));
  }

  @AfterAll
  void stop() {
    s.close();
  }

  private static final String DOCS =
      """
      {"documents": [
        {"id": "owls", "text": "Owls hunt at night. Their feathers make their flight almost silent.",
         "title": "Owls", "source": "https://example.org/owls", "metadata": {"team": "birds", "year": 2024}},
        {"id": "tides", "chunks": ["Tides rise and fall twice a day.", "Spring tides follow full and new moons."],
         "title": "Tides", "metadata": {"team": "oceans", "year": 2021}},
        {"id": "bread", "text": "Sourdough bread rises with wild yeast and lactic acid bacteria.",
         "metadata": {"team": "kitchen", "year": 2025}}
      ]}""";

  private void collectionWithDocs(String name) {
    assertEquals(201, s.put("/v1/collections/" + name, "{}").status());
    TestServer.Response r = s.post("/v1/collections/" + name + "/documents", DOCS);
    assertEquals(200, r.status(), r.text());
    assertEquals(3, r.json().get("documents").asInt());
    assertEquals(4, r.json().get("chunks").asInt());
  }

  @Test
  void collectionsAreCreatedListedDescribedAndDeleted() {
    TestServer.Response created =
        s.put("/v1/collections/books", "{\"analyzer\": \"chinese\", \"hnsw_max_conn\": 24}");
    assertEquals(201, created.status(), created.text());
    assertEquals("chinese", created.json().at("/settings/analyzer").asText());
    assertEquals(24, created.json().at("/settings/hnsw_max_conn").asInt());
    assertEquals("bge-small-en-v1.5", created.json().at("/model/id").asText());
    assertEquals(409, s.put("/v1/collections/books", "{}").status());
    List<String> names = new ArrayList<>();
    s.get("/v1/collections")
        .json()
        .get("collections")
        .forEach(c -> names.add(c.get("name").asText()));
    assertTrue(names.contains("books"));
    assertEquals(0, s.get("/v1/collections/books").json().get("documents").asInt());
    assertEquals("lucene", s.get("/v1/collections/books").json().at("/backend/type").asText());
    TestServer.Response noCluster =
        s.put("/v1/collections/scaled", "{\"backend\": \"opensearch\"}");
    assertEquals(400, noCluster.status());
    assertEquals("backend", noCluster.json().get("field").asText());
    assertTrue(
        noCluster.json().get("detail").asText().contains("set opensearch.hosts"), noCluster.text());
    TestServer.Response shards = s.put("/v1/collections/scaled", "{\"shards\": 3}");
    assertEquals(400, shards.status());
    assertEquals(
        "shards and replicas apply to backend opensearch only",
        shards.json().get("detail").asText());
    assertEquals(400, s.put("/v1/collections/scaled", "{\"backend\": \"solr\"}").status());
    assertEquals(
        404, s.get("/v1/collections/scaled").status(), "a refused create leaves nothing behind");
    assertEquals(200, s.delete("/v1/collections/books").status());
    assertEquals(404, s.get("/v1/collections/books").status());
    assertEquals(404, s.delete("/v1/collections/books").status());
  }

  @Test
  void aCollectionThatCannotOpenIsListedWithItsReasonBesideTheOthers() throws IOException {
    assertEquals(201, s.put("/v1/collections/healthy", "{}").status());
    Path damaged = Files.createDirectories(dir.resolve("data").resolve("damaged"));
    Files.writeString(damaged.resolve("manifest.json"), "{ this is not json");
    try {
      TestServer.Response list = s.get("/v1/collections");
      assertEquals(200, list.status(), list.text());
      Map<String, com.fasterxml.jackson.databind.JsonNode> byName = new java.util.HashMap<>();
      list.json().get("collections").forEach(c -> byName.put(c.get("name").asText(), c));
      assertEquals(0, byName.get("healthy").get("documents").asInt());
      assertTrue(
          byName.get("damaged").get("error").asText().length() > 0,
          byName.get("damaged").toString());
      assertTrue(!byName.get("damaged").has("documents"));
      assertTrue(
          !list.text().contains(dir.toString()), "the reason names no server path: " + list.text());
    } finally {
      Files.delete(damaged.resolve("manifest.json"));
      Files.delete(damaged);
      s.delete("/v1/collections/healthy");
    }
  }

  @Test
  void jsonDocumentsAreChunkedEmbeddedAndQueryableWithCitationsAndLegScores() {
    collectionWithDocs("animals");
    TestServer.Response r =
        s.post(
            "/v1/collections/animals/query",
            "{\"query\": \"which birds fly silently at night?\", \"top_k\": 2, \"explain\": true}");
    assertEquals(200, r.status(), r.text());
    JsonNode hit = r.json().get("hits").get(0);
    assertEquals("owls", hit.get("document_id").asText());
    assertEquals("https://example.org/owls", hit.get("source").asText());
    assertEquals("Owls", hit.get("title").asText());
    assertEquals("birds", hit.at("/metadata/team").asText());
    assertEquals(1, hit.at("/legs/dense/rank").asInt());
    assertTrue(hit.at("/legs").has("bm25") && hit.at("/legs").has("colbert"), hit.toString());
    assertTrue(r.json().has("timings_ms"));

    JsonNode doc = s.get("/v1/collections/animals/documents/tides").json();
    assertEquals(2, doc.get("chunks").size(), "pre-made chunks are kept as they are");
    assertEquals("Spring tides follow full and new moons.", doc.at("/chunks/1/text").asText());
  }

  @Test
  void filtersGroupingPagingNeighboursAndLegChoiceShapeTheHits() {
    collectionWithDocs("shaped");
    JsonNode filtered =
        s.post(
                "/v1/collections/shaped/query",
                "{\"query\": \"night\", \"filter\": {\"field\": \"year\", \"range\": {\"gte\": 2025}}}")
            .json();
    assertEquals(1, filtered.get("hits").size());
    assertEquals("bread", filtered.at("/hits/0/document_id").asText());
    JsonNode either =
        s.post(
                "/v1/collections/shaped/query",
                "{\"query\": \"tides\", \"filter\": {\"or\": ["
                    + "{\"field\": \"team\", \"equals\": \"oceans\"}, {\"field\": \"team\", \"in\": [\"birds\"]}]}}")
            .json();
    assertEquals(3, either.get("hits").size(), "two tide chunks and the owl chunk");
    JsonNode grouped =
        s.post(
                "/v1/collections/shaped/query",
                "{\"query\": \"tides\", \"group_by\": \"document\", \"legs\": [\"bm25\"]}")
            .json();
    assertEquals(List.of("bm25"), List.of(grouped.get("legs").get(0).asText()));
    assertEquals(
        1, grouped.get("hits").size(), "bm25 finds only the tides document, once: " + grouped);
    JsonNode page2 =
        s.post(
                "/v1/collections/shaped/query",
                "{\"query\": \"tides\", \"top_k\": 1, \"offset\": 1,"
                    + " \"legs\": {\"dense\": {\"candidates\": 10}}, \"fusion\": {\"method\": \"weighted\", \"normalization\":"
                    + " \"z_score\"}}")
            .json();
    assertEquals(1, page2.get("hits").size());
    JsonNode neighbours =
        s.post(
                "/v1/collections/shaped/query",
                "{\"query\": \"spring tides full moon\", \"top_k\": 1, \"neighbours\": 1, \"legs\": [\"bm25\"]}")
            .json();
    assertEquals("tides#1", neighbours.at("/hits/0/chunk_id").asText());
    assertEquals("tides#0", neighbours.at("/hits/0/neighbours/0/chunk_id").asText());
  }

  @Test
  void documentsAreDeletedByIdByIdsAndByFilter() {
    collectionWithDocs("deletions");
    assertEquals(200, s.delete("/v1/collections/deletions/documents/owls").status());
    assertEquals(404, s.get("/v1/collections/deletions/documents/owls").status());
    assertEquals(404, s.delete("/v1/collections/deletions/documents/owls").status());
    JsonNode byIds =
        s.post("/v1/collections/deletions/documents/delete", "{\"ids\": [\"tides\", \"nope\"]}")
            .json();
    assertEquals(1, byIds.get("deleted_documents").asInt());
    JsonNode byFilter =
        s.post(
                "/v1/collections/deletions/documents/delete",
                "{\"filter\": {\"field\": \"team\", \"equals\": \"kitchen\"}}")
            .json();
    assertEquals(1, byFilter.get("deleted_chunks").asInt());
    assertEquals(0, s.get("/v1/collections/deletions").json().get("chunks").asInt());
  }

  @Test
  void uploadedFilesBecomeSearchableAndImagesAreServedWithTheirContentType() throws IOException {
    s.put("/v1/collections/uploads", "{}");
    java.awt.image.BufferedImage img =
        new java.awt.image.BufferedImage(400, 300, java.awt.image.BufferedImage.TYPE_INT_RGB);
    java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
    ImageIO.write(img, "png", png);
    TestServer.Response up =
        s.upload(
            "/v1/collections/uploads/documents",
            List.of(
                Map.entry(
                    "glaciers.md",
                    "# Glaciers\n\nGlaciers are rivers of ice that move slowly downhill."
                        .getBytes(StandardCharsets.UTF_8)),
                Map.entry("black_night_sky.png", png.toByteArray()),
                Map.entry("empty.txt", new byte[0])));
    assertEquals(200, up.status(), up.text());
    assertEquals("partial", up.json().get("state").asText());
    assertEquals(2, up.json().get("files_ingested").asInt());
    assertEquals("empty.txt", up.json().at("/failures/0/file").asText());
    assertEquals("empty file (0 bytes)", up.json().at("/failures/0/reason").asText());

    JsonNode hit =
        s.post("/v1/collections/uploads/query", "{\"query\": \"slow rivers of ice\", \"top_k\": 1}")
            .json();
    assertEquals("glaciers.md", hit.at("/hits/0/document_id").asText());
    assertEquals(List.of("Glaciers"), List.of(hit.at("/hits/0/heading_path/0").asText()));

    JsonNode image =
        s.post(
                "/v1/collections/uploads/query",
                "{\"query\": \"black night sky\", \"top_k\": 1, \"filter\": {\"field\": \"modality\", \"equals\": \"image\"}}")
            .json()
            .at("/hits/0");
    String url = image.get("image_url").asText();
    TestServer.Response original = s.get(url);
    assertEquals(200, original.status());
    assertEquals("image/png", original.contentType());
    assertEquals(png.size(), original.body().length);
    assertTrue(
        original.header("Cache-Control").startsWith("private"),
        "an image may sit behind a key: no shared cache keeps it: "
            + original.header("Cache-Control"));
    TestServer.Response thumb = s.get(url + "?thumbnail=true");
    assertEquals(256, ImageIO.read(new java.io.ByteArrayInputStream(thumb.body())).getWidth());
    assertEquals(404, s.get("/v1/collections/uploads/images/" + "0".repeat(64)).status());
    assertEquals(400, s.get("/v1/collections/uploads/images/..%2F..%2Fetc%2Fpasswd").status());
  }

  @Test
  void ingestJobsRunOverUploadsAndAllowedServerPathsAndReportProgress() throws Exception {
    s.put("/v1/collections/jobs", "{}");
    Path folder = Files.createDirectories(roots.resolve("notes"));
    Files.writeString(folder.resolve("a.txt"), "Comets have tails of gas and dust.");
    Files.writeString(folder.resolve("b.txt"), "Asteroids are rocky bodies orbiting the Sun.");
    TestServer.Response started =
        s.post(
            "/v1/collections/jobs/jobs",
            "{\"paths\": [\"" + folder + "\"], \"metadata\": {\"batch\": 7}}");
    assertEquals(202, started.status(), started.text());
    JsonNode job = await(started.json().get("url").asText());
    assertEquals("succeeded", job.get("state").asText(), job.toString());
    assertEquals(2, job.get("files_ingested").asInt());
    JsonNode hit =
        s.post("/v1/collections/jobs/query", "{\"query\": \"comet tails\", \"top_k\": 1}").json();
    assertEquals(7, hit.at("/hits/0/metadata/batch").asInt());

    TestServer.Response outside =
        s.post("/v1/collections/jobs/jobs", "{\"paths\": [\"" + dir.resolve("data") + "\"]}");
    assertEquals(403, outside.status());
    assertTrue(outside.json().get("detail").asText().contains("outside server.ingest_roots"));
    TestServer.Response traversal =
        s.post("/v1/collections/jobs/jobs", "{\"paths\": [\"" + roots + "/../data\"]}");
    assertEquals(403, traversal.status(), "\"..\" is resolved before the check");

    TestServer.Response uploaded =
        s.upload(
            "/v1/collections/jobs/jobs",
            List.of(
                Map.entry(
                    "moons.txt", "Jupiter has dozens of moons.".getBytes(StandardCharsets.UTF_8))));
    assertEquals(202, uploaded.status());
    assertEquals("succeeded", await(uploaded.json().get("url").asText()).get("state").asText());
    assertEquals(404, s.get("/v1/jobs/no-such-job").status());
    assertEquals(
        202,
        s.delete(uploaded.json().get("url").asText()).status(),
        "cancelling a finished job is harmless");
  }

  @Test
  void aShardedJobTakesItsShareOfTheFilesAndCannotSync() throws Exception {
    s.put("/v1/collections/shards", "{}");
    Path folder = Files.createDirectories(roots.resolve("shards"));
    for (int i = 0; i < 6; i++) {
      Files.writeString(folder.resolve("n" + i + ".txt"), "Note number " + i + " about the sea.");
    }
    int ingested = 0;
    for (String shard : List.of("1/2", "2/2")) {
      TestServer.Response started =
          s.post(
              "/v1/collections/shards/jobs",
              "{\"paths\": [\"" + folder + "\"], \"shard\": \"" + shard + "\"}");
      assertEquals(202, started.status(), started.text());
      JsonNode job = await(started.json().get("url").asText());
      assertEquals("succeeded", job.get("state").asText(), job.toString());
      ingested += job.get("files_ingested").asInt();
    }
    assertEquals(6, ingested, "the two shards took every file once");
    assertEquals(6, s.get("/v1/collections/shards").json().get("documents").asInt());

    TestServer.Response sync =
        s.post(
            "/v1/collections/shards/jobs",
            "{\"paths\": [\"" + folder + "\"], \"shard\": \"1/2\", \"sync\": true}");
    assertEquals(400, sync.status());
    assertEquals("sync", sync.json().get("field").asText());
    assertTrue(
        sync.json().get("detail").asText().startsWith("sync cannot run on a shard"), sync.text());
    TestServer.Response bad =
        s.post(
            "/v1/collections/shards/jobs",
            "{\"paths\": [\"" + folder + "\"], \"shard\": \"2 of 2\"}");
    assertEquals(400, bad.status());
    assertEquals("shard", bad.json().get("field").asText());
  }

  private JsonNode await(String url) throws InterruptedException {
    for (int i = 0; i < 600; i++) {
      JsonNode job = s.get(url).json();
      if (!Set.of("queued", "running").contains(job.get("state").asText())) {
        return job;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("job did not finish: " + s.get(url).text());
  }

  @Test
  void openAiEmbeddingsAndDifyRetrievalSpeakTheirOwnShapes() {
    JsonNode emb =
        s.post(
                "/v1/embeddings",
                "{\"model\": \"text-embedding-3-small\", \"input\": [\"a\", \"b\"]}")
            .json();
    assertEquals("list", emb.get("object").asText());
    assertEquals(2, emb.get("data").size());
    assertEquals("embedding", emb.at("/data/1/object").asText());
    assertEquals(1, emb.at("/data/1/index").asInt());
    assertEquals(384, emb.at("/data/0/embedding").size());
    assertEquals("bge-small-en-v1.5", emb.get("model").asText());
    assertTrue(emb.at("/usage/total_tokens").asInt() > 0);
    JsonNode b64 =
        s.post(
                "/v1/embeddings",
                "{\"input\": \"a\", \"encoding_format\": \"base64\", \"parts\": [\"dense\","
                    + " \"multi_vector\"]}")
            .json();
    assertEquals(
        384 * 4, java.util.Base64.getDecoder().decode(b64.at("/data/0/embedding").asText()).length);
    assertEquals(384, b64.at("/data/0/multi_vector/0").size());
    assertEquals(
        400,
        s.post("/v1/embeddings", "{\"input\": \"a\", \"parts\": [\"sparse\"]}").status(),
        "the built-in model has no sparse part");

    collectionWithDocs("dify");
    JsonNode dify =
        s.post(
                "/retrieval",
                "{\"knowledge_id\": \"dify\", \"query\": \"silent night hunters\","
                    + " \"retrieval_setting\": {\"top_k\": 1, \"score_threshold\": 0.0}}")
            .json();
    assertEquals(1, dify.get("records").size());
    JsonNode rec = dify.at("/records/0");
    assertEquals("Owls", rec.get("title").asText());
    assertTrue(
        rec.get("score").asDouble() > 0 && rec.get("score").asDouble() < 1.0, rec.toString());
    assertEquals("owls", rec.at("/metadata/document_id").asText());
    JsonNode filtered =
        s.post(
                "/retrieval",
                "{\"knowledge_id\": \"dify\", \"query\": \"owls\", \"metadata_condition\":"
                    + " {\"logical_operator\": \"and\", \"conditions\": [{\"name\": [\"team\"], \"comparison_operator\": \"is\","
                    + " \"value\": \"kitchen\"}]}}")
            .json();
    assertEquals("bread", filtered.at("/records/0/metadata/document_id").asText());
    TestServer.Response missing =
        s.post("/retrieval", "{\"knowledge_id\": \"nope\", \"query\": \"x\"}");
    assertEquals(404, missing.status());
    assertEquals(2001, missing.json().get("error_code").asInt());
  }

  @Test
  void operationsEndpointsAnswer() {
    assertEquals("ok", s.get("/livez").json().get("status").asText());
    JsonNode ready = s.get("/readyz").json();
    assertEquals("ready", ready.get("status").asText());
    assertEquals("bge-small-en-v1.5", ready.get("model").asText());
    s.get("/livez");
    String metrics = s.get("/metrics").text();
    assertTrue(
        metrics.contains("http_server_requests_seconds_bucket"), "latency histograms per route");
    assertTrue(metrics.contains("route=\"/livez\""));
    assertTrue(metrics.contains("jvm_memory_used_bytes"));
    assertTrue(metrics.contains("rag_collection_chunks"));
    assertEquals("3.1.0", s.get("/v1/openapi.json").json().get("openapi").asText());
  }

  @Test
  void theOpenApiDocumentDescribesExactlyTheRoutesTheServerRegisters() {
    JsonNode doc = s.get("/v1/openapi.json").json();
    TreeSet<String> documented = new TreeSet<>();
    for (Iterator<Map.Entry<String, JsonNode>> p = doc.get("paths").properties().iterator();
        p.hasNext(); ) {
      Map.Entry<String, JsonNode> e = p.next();
      for (Iterator<String> m = e.getValue().fieldNames(); m.hasNext(); ) {
        documented.add(m.next().toUpperCase(java.util.Locale.ROOT) + " " + e.getKey());
      }
    }
    assertEquals(documented, new TreeSet<>(s.server.routes()));
  }

  @Test
  void badInputGetsAProblemNamingTheFieldAndTheServerStaysHealthy() {
    collectionWithDocs("errors");
    Map<String, String> bodies =
        Map.of(
            "{\"query\": ",
            "malformed JSON",
            "{\"query\": 42}",
            "query must be a string",
            "{\"query\": \"x\", \"top_k\": 0}",
            "top_k must be a whole number",
            "{\"query\": \"x\", \"colour\": \"red\"}",
            "unknown field \"colour\"",
            "{\"query\": \"x\", \"filter\": {\"field\": \"year\", \"between\": [1, 2]}}",
            "unknown filter condition",
            "{\"query\": \"x\", \"fusion\": \"median\"}",
            "unknown fusion",
            "{\"query\": \"" + "x".repeat(5000) + "\"}",
            "server.max_query_chars",
            "{}",
            "a query needs");
    bodies.forEach(
        (body, expected) -> {
          TestServer.Response r = s.post("/v1/collections/errors/query", body);
          assertEquals(400, r.status(), body + " → " + r.text());
          assertEquals(Problems.MEDIA_TYPE, r.contentType());
          assertTrue(r.json().get("detail").asText().contains(expected), r.text());
        });
    assertEquals(
        "top_k",
        s.post("/v1/collections/errors/query", "{\"query\": \"x\", \"top_k\": \"ten\"}")
            .json()
            .get("field")
            .asText());
    assertEquals(404, s.post("/v1/collections/unknown/query", "{\"query\": \"x\"}").status());
    assertEquals(
        400,
        s.post("/v1/collections/Bad Name!/query".replace(" ", "%20"), "{\"query\": \"x\"}")
            .status());
    assertEquals(
        400,
        s.post("/v1/collections/errors/documents", "{\"documents\": [{\"id\": \"x\"}]}").status());
    assertEquals(
        400,
        s.post(
                "/v1/collections/errors/documents",
                "{\"documents\": [{\"id\": \"x\", \"text\": \"t\","
                    + " \"metadata\": {\"content_hash\": \"forged\"}}]}")
            .status(),
        "reserved metadata keys are refused");
    assertEquals(400, s.post("/v1/collections/errors/documents", "{\"docs\": []}").status());
    // as curl does for large bodies: Expect: 100-continue, so the refusal comes before the body
    // (without it, the server's close can reset the connection while the client still sends)
    TestServer.Response tooBig =
        s.send(
            s.request("/v1/collections/errors/documents")
                .expectContinue(true)
                .header("Content-Type", "application/json")
                .POST(
                    java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"documents\": [{\"id\": \"big\", \"text\": \""
                            + "word ".repeat(50_000)
                            + "\"}]}")));
    assertEquals(413, tooBig.status(), tooBig.text());
    TestServer.Response tooMany =
        s.upload(
            "/v1/collections/errors/documents",
            List.of(
                Map.entry("1.txt", new byte[] {'a'}),
                Map.entry("2.txt", new byte[] {'b'}),
                Map.entry("3.txt", new byte[] {'c'}),
                Map.entry("4.txt", new byte[] {'d'})));
    assertEquals(413, tooMany.status(), tooMany.text());
    assertEquals(404, s.get("/v1/no/such/route").status());
    assertEquals(
        405,
        s.send(
                s.request("/v1/collections/errors")
                    .method("PATCH", java.net.http.HttpRequest.BodyPublishers.noBody()))
            .status());
    assertEquals("ready", s.get("/readyz").json().get("status").asText());
    assertEquals(4, s.get("/v1/collections/errors").json().get("chunks").asInt(), "no data lost");
  }

  @Test
  void documentIdsWithSlashesAreReachableUrlEncoded() {
    s.put("/v1/collections/paths", "{}");
    s.post(
        "/v1/collections/paths/documents",
        "{\"documents\": [{\"id\": \"/srv/docs/a.md\", \"text\": \"alpha\"}]}");
    String id = URLEncoder.encode("/srv/docs/a.md", StandardCharsets.UTF_8);
    TestServer.Response r = s.get("/v1/collections/paths/documents/" + id);
    assertEquals(200, r.status(), r.text());
    assertEquals("/srv/docs/a.md", r.json().get("document_id").asText());
    assertFalse(r.json().get("chunks").isEmpty());
  }
}
