package dev.ragserver.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ./rag commands as a user runs them: output, exit codes, one-line errors. */
class RagCliTest {
  @TempDir Path dir;

  private static CliRun run(String... args) {
    return CliRun.of(args);
  }

  @Test
  void ingestThenSearchAndCollectionsWorkFromTheCommandLineAndAFailedFileMeansExitOne()
      throws IOException {
    Path docs = Files.createDirectories(dir.resolve("docs"));
    Files.writeString(
        docs.resolve("kiwi.md"), "# Kiwi\n\nThe kiwi is a flightless bird of New Zealand.");
    Files.write(
        docs.resolve("broken.pdf"),
        "%PDF-1.7 nothing else".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    String data = "index.data_dir=" + dir.resolve("data");
    CliRun ingest =
        run("ingest", docs.toString(), "-c", "birds", "--meta", "year=2026", "--set", data);
    assertEquals(1, ingest.exit(), "one file failed: " + ingest.out() + ingest.err());
    assertTrue(ingest.err().contains("created collection birds"), ingest.err());
    assertTrue(
        ingest.out().startsWith("partial: 1 files ingested, 0 unchanged (skipped), 1 failed"),
        ingest.out());
    assertTrue(
        ingest
            .out()
            .contains("failed: " + docs.getFileName() + "/broken.pdf: corrupt or truncated PDF"),
        ingest.out());

    CliRun search = run("search", "-c", "birds", "--set", data, "which bird cannot fly?");
    assertEquals(0, search.exit(), search.err());
    assertTrue(search.out().contains("kiwi.md › Kiwi"), search.out());
    assertTrue(
        search.out().contains("dense") && search.out().contains("#1"),
        "per-leg scores and ranks: " + search.out());

    CliRun json = run("search", "-c", "birds", "--set", data, "--json", "kiwi");
    JsonNode hits = new ObjectMapper().readTree(json.out()).get("hits");
    assertEquals(2026, hits.get(0).at("/metadata/year").asInt());

    CliRun list = run("collections", "--set", data);
    assertTrue(
        list.out().contains("birds") && list.out().contains("bge-small-en-v1.5 / english"),
        list.out());
    CliRun missing = run("search", "-c", "nope", "--set", data, "x");
    assertEquals(2, missing.exit());
    assertTrue(missing.err().startsWith("rag: error: no collection named nope"), missing.err());
  }

  @Test
  void aCollectionIngestedWithAnotherModelIsSearchedWithItWithoutNamingIt() throws IOException {
    Path docs = Files.createDirectories(dir.resolve("zh"));
    Files.writeString(docs.resolve("tides.md"), "# 潮汐\n\n潮汐是海水在月球引力作用下的周期性涨落。");
    Files.writeString(docs.resolve("tea.md"), "# 绿茶\n\n绿茶要经过杀青、揉捻和干燥。");
    String data = "index.data_dir=" + dir.resolve("data");
    CliRun ingest =
        run("ingest", docs.toString(), "-c", "handbook-zh", "--language", "zh", "--set", data);
    assertEquals(0, ingest.exit(), ingest.out() + ingest.err());
    assertTrue(
        ingest.err().contains("created collection handbook-zh (model bge-small-zh-v1.5)"),
        ingest.err());
    CliRun search =
        run("search", "-c", "handbook-zh", "--set", data, "--legs", "dense", "月亮怎样引起潮汐");
    assertEquals(0, search.exit(), search.err());
    assertTrue(search.out().indexOf("tides.md") < search.out().indexOf("tea.md"), search.out());
    CliRun list = run("collections", "--set", data);
    assertTrue(list.out().contains("bge-small-zh-v1.5 / chinese"), list.out());
    CliRun other =
        run(
            "ingest",
            docs.toString(),
            "-c",
            "handbook-zh",
            "--model",
            "bge-small-en-v1.5",
            "--set",
            data);
    assertEquals(2, other.exit(), other.out() + other.err());
    assertTrue(other.err().contains("holds embeddings of model bge-small-zh-v1.5"), other.err());
  }

  @Test
  void configPrintsTheEffectiveValues() {
    CliRun r = run("config", "--set", "model.batch_size=9");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("batch_size: 9"), r.out());
    assertTrue(r.out().contains("name: bge-small-en-v1.5"), r.out());
  }

  @Test
  void configReadsTheFileGivenWithConfig() throws IOException {
    Path file = Files.writeString(dir.resolve("my.yaml"), "model:\n  device_id: 3\n");
    CliRun r = run("config", "--config", file.toString());
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("device_id: 3"), r.out());
  }

  @Test
  void defaultsAreShownWithTheirComments() {
    CliRun r = run("config", "--defaults");
    assertTrue(r.out().contains("# Texts per ONNX Runtime call."), r.out());
  }

  @Test
  void twoShardRunsIngestEveryFileOnceAndAShardCannotSync() throws IOException {
    Path docs = Files.createDirectories(dir.resolve("docs"));
    for (int i = 0; i < 6; i++) {
      Files.writeString(docs.resolve("note-" + i + ".md"), "# Note " + i + "\n\nAbout topic " + i);
    }
    String data = "index.data_dir=" + dir.resolve("data");
    CliRun missing = run("ingest", docs.toString(), "-c", "notes", "--shard", "1/2", "--set", data);
    assertEquals(2, missing.exit());
    assertTrue(
        missing
            .err()
            .startsWith("--shard: collection notes does not exist, here or on the cluster;"),
        missing.err());
    Path empty = Files.createDirectories(dir.resolve("empty"));
    assertEquals(0, run("ingest", empty.toString(), "-c", "notes", "--set", data).exit());
    CliRun first = run("ingest", docs.toString(), "-c", "notes", "--shard", "1/2", "--set", data);
    CliRun second = run("ingest", docs.toString(), "-c", "notes", "--shard", "2/2", "--set", data);
    assertEquals(0, first.exit(), first.err());
    assertEquals(0, second.exit(), second.err());
    int a = Integer.parseInt(first.out().replaceAll("(?s).*?(\\d+) files ingested.*", "$1"));
    int b = Integer.parseInt(second.out().replaceAll("(?s).*?(\\d+) files ingested.*", "$1"));
    assertEquals(6, a + b, first.out() + second.out());
    assertTrue(first.err().contains("rag: shard 1/2 takes " + a + " of the 6 files"), first.err());
    CliRun whole = run("ingest", docs.toString(), "-c", "notes", "--sync", "--set", data);
    assertTrue(
        whole.out().contains("0 files ingested, 6 unchanged (skipped)"),
        "the closing --sync run finds every file done: " + whole.out());

    CliRun sync = run("ingest", docs.toString(), "-c", "notes", "--shard", "1/2", "--sync");
    assertEquals(2, sync.exit());
    assertTrue(
        sync.err().startsWith("--sync cannot run on a shard: a shard cannot tell"), sync.err());
    CliRun bad = run("ingest", docs.toString(), "-c", "notes", "--shard", "3/2");
    assertEquals(2, bad.exit());
    assertTrue(
        bad.err().startsWith("--shard: a shard is I/N with 1 <= I <= N (this worker's share of N)"),
        bad.err());
  }

  @Test
  void aBadValueIsOneLineAndExitCode2() {
    CliRun r = run("config", "--set", "model.device=tpu");
    assertEquals(2, r.exit());
    assertTrue(
        r.err().startsWith("rag: error: model.device must be one of cpu, cuda, got: \"tpu\""),
        r.err());
    assertEquals(1, r.err().strip().lines().count(), "no stack trace: " + r.err());
  }

  @Test
  void aMissingModelDirectoryIsOneLineAndExitCode2() {
    CliRun r =
        run(
            "embed",
            "--set",
            "model.name=bge-m3",
            "--set",
            "model.directory=" + dir.resolve("none"),
            "hello");
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("does not exist or is not a directory"), r.err());
  }

  @Test
  void embedPrintsOneJsonLinePerTextWithEveryPart() throws IOException {
    Path m3 = fixture();
    CliRun r =
        run(
            "embed",
            "--set",
            "model.name=bge-m3",
            "--set",
            "model.directory=" + m3,
            "--vectors",
            "--parts",
            "dense,sparse,multi_vector",
            "dense retrieval",
            "rank rank fusion rank");
    assertEquals(0, r.exit(), r.err());
    String[] lines = r.out().strip().split("\n", -1);
    assertEquals(2, lines.length);
    JsonNode first = new ObjectMapper().readTree(lines[0]);
    assertEquals("dense retrieval", first.get("text").asText());
    assertEquals(4, first.get("tokens").asInt());
    assertEquals(16, first.get("dense").size());
    assertTrue(first.get("sparse").has("14"), first.toString());
    assertEquals(3, first.get("multi_vector").get("count").asInt());
    assertEquals(3, first.get("multi_vector").get("vectors").size());
  }

  @Test
  void embedWithAnImageGivesItsVectorWithEitherKindOfImageModel() throws IOException {
    Path resources =
        Path.of("..", "model", "src", "test", "resources").toAbsolutePath().normalize();
    Path picture = resources.resolve("clip/preprocess/landscape-300x200.png");
    JsonNode golden =
        new ObjectMapper()
            .readTree(resources.resolve("vbge/golden.json").toFile())
            .get("landscape-300x200");
    String[] vbge = {
      "embed",
      "--set",
      "image_model.name=tiny-vbge",
      "--set",
      "image_model.kind=visualized-bge",
      "--set",
      "image_model.directory=" + resources.resolve("vbge/tiny-vbge"),
      "--image",
      picture.toString(),
      "--image",
      picture.toString()
    };
    CliRun r = run(concat(vbge, "", "blue logo"));
    assertEquals(0, r.exit(), r.err());
    String[] lines = r.out().strip().split("\n", -1);
    assertEquals(2, lines.length, r.out());
    JsonNode alone = new ObjectMapper().readTree(lines[0]);
    JsonNode withText = new ObjectMapper().readTree(lines[1]);
    assertEquals("visualized-bge", alone.get("kind").asText());
    assertEquals(picture.toString(), alone.get("file").asText());
    assertEquals("blue logo", withText.get("text").asText());
    for (int i = 0; i < 4; i++) {
      // the dense field: the text model's space
      assertEquals(
          golden.get("image").get(i).asDouble(), alone.get("dense").get(i).asDouble(), 1e-5);
      assertEquals(
          golden.get("image+blue logo").get(i).asDouble(),
          withText.get("dense").get(i).asDouble(),
          1e-5);
    }
    CliRun clip =
        run(
            "embed",
            "--set",
            "image_model.name=tiny-clip",
            "--set",
            "image_model.directory=" + resources.resolve("clip/tiny-clip"),
            "--image",
            picture.toString(),
            "blue");
    assertEquals(0, clip.exit(), clip.err());
    JsonNode c = new ObjectMapper().readTree(clip.out().strip());
    assertEquals("clip", c.get("kind").asText());
    assertEquals(picture.toString(), c.get("file").asText());
    assertEquals(4, c.get("image").size(), "CLIP's vector is its own space's: " + c);
    CliRun mismatch = run(concat(vbge, "one text for two images"));
    assertEquals(2, mismatch.exit());
    assertTrue(mismatch.err().contains("2 images, 1 texts"), mismatch.err());
    CliRun none = run("embed", "--image", picture.toString());
    assertEquals(2, none.exit());
    assertTrue(none.err().contains("image_model.name"), none.err());
  }

  private static String[] concat(String[] head, String... tail) {
    String[] all = java.util.Arrays.copyOf(head, head.length + tail.length);
    System.arraycopy(tail, 0, all, head.length, tail.length);
    return all;
  }

  /** The tiny BGE-M3 fixture committed with the model module (tests run in the module folder). */
  private static Path fixture() {
    Path dir =
        Path.of("..", "model", "src", "test", "resources", "m3", "encoder-heads")
            .toAbsolutePath()
            .normalize();
    assertTrue(Files.isDirectory(dir), "missing fixture " + dir);
    return dir;
  }
}
