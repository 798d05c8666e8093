package dev.ragserver.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragserver.api.collections.CollectionEntry;
import dev.ragserver.api.collections.CollectionView;
import dev.ragserver.api.collections.CreateCollection;
import dev.ragserver.api.documents.DeleteRequest;
import dev.ragserver.api.documents.DocumentInput;
import dev.ragserver.api.documents.DocumentView;
import dev.ragserver.api.documents.Written;
import dev.ragserver.api.embeddings.EmbeddingsRequest;
import dev.ragserver.api.embeddings.Model;
import dev.ragserver.api.jobs.JobView;
import dev.ragserver.api.query.Filters;
import dev.ragserver.api.query.QueryRequest;
import dev.ragserver.api.query.QueryResponse;
import dev.ragserver.server.http.TestServer;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The typed client against a real server (built-in model, the tiny CLIP fixture as its image model)
 * with an admin and a read key: every route it wraps, and each error as its exception.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class RagClientTest {
  private static final Path TINY_CLIP =
      Path.of("../model/src/test/resources/clip/tiny-clip").toAbsolutePath();
  private static final String ADMIN = "admin-key-for-client-tests";
  private static final String READ = "read-key-for-client-tests";

  @TempDir static Path dir;
  private TestServer server;
  private RagClient admin;
  private RagClient reader;

  @BeforeAll
  void start() {
    Map<String, String> settings = new HashMap<>(TestServer.withKeys(ADMIN, READ));
    settings.put("image_model.name", "tiny-clip");
    settings.put("image_model.directory", TINY_CLIP.toString());
    server = new TestServer(dir.resolve("data"), settings);
    admin = RagClient.builder(URI.create(server.base())).apiKey(ADMIN).build();
    reader = RagClient.builder(URI.create(server.base())).apiKey(READ).build();
  }

  @AfterAll
  void stop() {
    admin.close();
    reader.close();
    server.close();
  }

  private static List<DocumentInput> animals() {
    return List.of(
        DocumentInput.ofText("owls", "Owls hunt at night. Their feathers make their flight silent.")
            .withCitation("Owls", "birds/owls.md")
            .withMetadata(Map.of("team", "red", "year", 2024)),
        DocumentInput.ofText("bats", "Bats hunt insects at night by echolocation.")
            .withCitation("Bats", "mammals/bats.md")
            .withMetadata(Map.of("team", "blue", "year", 2025)),
        DocumentInput.ofChunks(
                "tides", List.of("Tides rise and fall twice a day.", "The moon pulls the sea."))
            .withCitation("Tides", "sea/tides.md")
            .withMetadata(Map.of("team", "red", "year", 2025)));
  }

  @Test
  void aCollectionIsCreatedListedDescribedAndDeleted() {
    CollectionView created = admin.createCollection("lifecycle", CreateCollection.defaults());
    assertEquals("lifecycle", created.name());
    assertEquals(0, created.documents());
    assertEquals("tiny-clip", created.imageModel().id());
    assertTrue(
        reader.collections().stream().map(CollectionEntry::name).toList().contains("lifecycle"));
    assertEquals(created.model(), reader.collection("lifecycle").model());
    RagApiException.Conflict twice =
        assertThrows(
            RagApiException.Conflict.class,
            () -> admin.createCollection("lifecycle", CreateCollection.defaults()));
    assertTrue(twice.problem().detail().contains("lifecycle"), twice.problem().detail());
    admin.deleteCollection("lifecycle");
    RagApiException.NotFound gone =
        assertThrows(RagApiException.NotFound.class, () -> reader.collection("lifecycle"));
    assertEquals(404, gone.status());
    assertEquals("/v1/collections/lifecycle", gone.problem().instance());
  }

  @Test
  void documentsWrittenAsJsonAreFoundWithTheirCitationsAndFilters() {
    admin.createCollection("animals", CreateCollection.defaults());
    Written w = admin.upsert("animals", animals());
    assertEquals(3, w.documents());
    assertEquals(4, w.chunks());

    QueryResponse r =
        reader.query("animals", QueryRequest.text("what hunts at night?").withTopK(2));
    assertEquals(2, r.hits().size());
    QueryResponse.HitView best = r.hits().get(0);
    assertTrue(List.of("owls", "bats").contains(best.chunk().documentId()), r.toString());
    assertTrue(best.relevance() > 0 && best.relevance() <= 1, "relevance: " + best.relevance());
    assertFalse(r.legs().isEmpty());

    QueryResponse red =
        reader.query(
            "animals",
            QueryRequest.text("what hunts at night?")
                .withFilter(Filters.equalTo("team", "red"))
                .withTopK(5)
                .withExplain());
    assertTrue(
        red.hits().stream().allMatch(h -> h.chunk().metadata().get("team").equals("red")),
        red.toString());
    assertEquals("owls", red.hits().get(0).chunk().documentId());
    assertEquals("Owls", red.hits().get(0).chunk().title());
    assertEquals("birds/owls.md", red.hits().get(0).chunk().source());
    assertNotNull(red.timingsMs(), "explain returns timings");
    assertNotNull(red.hits().get(0).legs(), "explain returns each leg's score");

    DocumentView tides = reader.document("animals", "tides");
    assertEquals(
        List.of("Tides rise and fall twice a day.", "The moon pulls the sea."),
        tides.chunks().stream().map(c -> c.text()).toList());

    // ids with slashes, spaces and # (file paths) travel as one path segment
    String path = "guides/night birds #2.md";
    admin.upsert("animals", List.of(DocumentInput.ofText(path, "Nightjars hunt moths at dusk.")));
    assertEquals(path, reader.document("animals", path).documentId());
    assertEquals(1L, admin.deleteDocument("animals", path).deletedDocuments());

    assertEquals(1L, admin.deleteDocument("animals", "bats").deletedDocuments());
    assertThrows(RagApiException.NotFound.class, () -> reader.document("animals", "bats"));
    // owls (one chunk) and tides (two) are red
    assertEquals(
        3L,
        admin
            .deleteDocuments("animals", DeleteRequest.filter(Filters.equalTo("team", "red")))
            .deletedChunks());
    assertEquals(0, reader.query("animals", QueryRequest.text("tides")).hits().size());
  }

  @Test
  void aSnapshotIsTakenDownloadedRestoredAndDeleted() throws IOException {
    admin.createCollection("snapped", CreateCollection.defaults());
    admin.upsert("snapped", animals());
    var snap = admin.createSnapshot("snapped");
    assertEquals(4, snap.chunks());
    assertEquals(List.of(snap), admin.snapshots("snapped"));
    Path zip = admin.downloadSnapshot("snapped", snap.id(), dir.resolve("snapped.zip"));
    assertEquals(snap.sizeBytes(), Files.size(zip));
    assertThrows(
        RagApiException.NotFound.class,
        () -> admin.downloadSnapshot("snapped", "s20260101t000000000z-abcd", dir.resolve("x.zip")));
    assertFalse(Files.exists(dir.resolve("x.zip")), "no file for a refused download");
    CollectionView copy = admin.restoreSnapshot("snapped-copy", "snapped", snap.id());
    assertEquals(3, copy.documents());
    assertEquals(
        "owls",
        reader
            .query("snapped-copy", QueryRequest.text("silent flight"))
            .hits()
            .get(0)
            .chunk()
            .documentId());
    assertThrows(
        RagApiException.Forbidden.class, () -> reader.createSnapshot("snapped"), "admin only");
    admin.deleteSnapshot("snapped", snap.id());
    assertEquals(List.of(), admin.snapshots("snapped"));
  }

  @Test
  void eachErrorIsItsOwnExceptionWithTheServersProblem() {
    admin.createCollection("errors", CreateCollection.defaults());
    RagApiException.BadRequest bad =
        assertThrows(
            RagApiException.BadRequest.class,
            () -> reader.query("errors", QueryRequest.text("x").withTopK(0)));
    assertEquals("top_k", bad.problem().field());
    assertTrue(bad.getMessage().contains("top_k"), bad.getMessage());

    try (RagClient anonymous = RagClient.builder(URI.create(server.base())).build()) {
      assertThrows(RagApiException.Unauthorized.class, anonymous::collections);
    }
    RagApiException.Forbidden forbidden =
        assertThrows(RagApiException.Forbidden.class, () -> reader.upsert("errors", animals()));
    assertEquals(403, forbidden.status());
    assertThrows(
        RagApiException.NotFound.class, () -> reader.query("no-such", QueryRequest.text("x")));
  }

  @Test
  void uploadedFilesAreIngestedAndAFileThatFailsIsReported() throws IOException {
    admin.createCollection("files", CreateCollection.defaults());
    Path md = dir.resolve("moon.md");
    Files.writeString(md, "# The moon\n\n## Tides\n\nThe moon's pull raises the tides.\n");
    Path broken = dir.resolve("broken.pdf");
    Files.writeString(broken, "%PDF-1.7 this is not a pdf");
    JobView v = admin.uploadFiles("files", List.of(md, broken));
    assertEquals(2, v.filesTotal());
    assertEquals(1, v.filesIngested());
    assertEquals(1, v.filesFailed());
    assertEquals("broken.pdf", Path.of(v.failures().get(0).file()).getFileName().toString());
    assertTrue(v.finished());

    QueryResponse r = reader.query("files", QueryRequest.text("what raises the tides?"));
    assertEquals("moon.md", r.hits().get(0).chunk().documentId());
    assertEquals(List.of("The moon", "Tides"), r.hits().get(0).chunk().headingPath());

    JobView allFailed = admin.uploadFiles("files", List.of(broken));
    assertEquals(1, allFailed.filesFailed(), "every file failed: still a status, with reasons");
    assertFalse(allFailed.failures().get(0).reason().isBlank());
  }

  @Test
  void aJobIsPolledToItsEndWithProgress() throws IOException {
    admin.createCollection("jobs", CreateCollection.defaults());
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Path f = dir.resolve("note-" + i + ".txt");
      Files.writeString(f, "Note " + i + " is about the migration of birds in autumn.");
      files.add(f);
    }
    JobView started = admin.startUpload("jobs", files);
    assertEquals("/v1/jobs/" + started.id(), started.url());
    List<JobView> seen = new ArrayList<>();
    JobView done = reader.awaitJob(started.id(), java.time.Duration.ofMinutes(2), seen::add);
    assertEquals("succeeded", done.state(), done.toString());
    assertEquals(3, done.filesIngested());
    assertEquals(done, seen.get(seen.size() - 1));
    assertEquals(done.state(), reader.job(started.id()).state());
    assertEquals(3, reader.collection("jobs").documents());
  }

  @Test
  void anImageQueryFindsTheImageLikeItAndItsBytesDownload() throws IOException {
    admin.createCollection("pics", CreateCollection.defaults());
    Path red = dir.resolve("crimson.png");
    Path blue = dir.resolve("ocean.png");
    Files.write(red, png(new Color(200, 20, 20)));
    Files.write(blue, png(new Color(20, 40, 200)));
    assertEquals("succeeded", admin.uploadFiles("pics", List.of(red, blue)).state());
    QueryResponse r =
        reader.query(
            "pics",
            QueryRequest.image(png(new Color(220, 30, 30))).withLegs(List.of("image")).withTopK(1));
    QueryResponse.HitView hit = r.hits().get(0);
    assertEquals("crimson.png", hit.chunk().documentId());
    assertEquals("image", hit.chunk().modality());
    assertArrayEquals(Files.readAllBytes(red), reader.download(hit.chunk().imageUrl()));
  }

  @Test
  void embeddingsComeAsQueryOrDocumentVectors() {
    List<Model> models = reader.models();
    String model = models.get(0).id().replace(Model.QUERY_SUFFIX, "");
    assertTrue(models.stream().anyMatch(m -> m.id().equals(model + Model.QUERY_SUFFIX)));
    float[] query = reader.embedQueries(model, List.of("night hunters")).get(0);
    float[] document = reader.embedDocuments(model, List.of("night hunters")).get(0);
    assertEquals(document.length, query.length);
    assertFalse(java.util.Arrays.equals(query, document), "a query gets the query instruction");
    float[] viaAlias =
        reader
            .embeddings(
                EmbeddingsRequest.of(model + Model.QUERY_SUFFIX, List.of("night hunters"), null))
            .data()
            .get(0)
            .vector();
    assertArrayEquals(query, viaAlias, 1e-6f);
  }

  @Test
  void aServerThatDoesNotAnswerInTimeIsAClientError() throws IOException {
    try (java.net.ServerSocket silent = new java.net.ServerSocket(0);
        RagClient client =
            RagClient.builder(URI.create("http://127.0.0.1:" + silent.getLocalPort()))
                .timeout(java.time.Duration.ofMillis(300))
                .build()) {
      RagClientException e = assertThrows(RagClientException.class, client::collections);
      assertTrue(e.getMessage().contains("no answer within"), e.getMessage());
    }
  }

  @Test
  void anErrorPageThatIsNotAProblemStillCarriesItsStatus() throws IOException {
    com.sun.net.httpserver.HttpServer proxy =
        com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    proxy.createContext(
        "/",
        exchange -> {
          byte[] body =
              "<html>Bad Gateway</html>".getBytes(java.nio.charset.StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "text/html");
          exchange.sendResponseHeaders(502, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    proxy.start();
    try (RagClient client =
        RagClient.builder(URI.create("http://127.0.0.1:" + proxy.getAddress().getPort())).build()) {
      RagApiException e = assertThrows(RagApiException.class, client::collections);
      assertEquals(502, e.status());
      assertInstanceOf(RagApiException.class, e);
      assertTrue(e.problem().detail().contains("Bad Gateway"), e.problem().detail());
    } finally {
      proxy.stop(0);
    }
  }

  private static byte[] png(Color c) throws IOException {
    BufferedImage img = new BufferedImage(300, 200, BufferedImage.TYPE_INT_RGB);
    java.awt.Graphics2D g = img.createGraphics();
    g.setColor(c);
    g.fillRect(0, 0, 300, 200);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }
}
