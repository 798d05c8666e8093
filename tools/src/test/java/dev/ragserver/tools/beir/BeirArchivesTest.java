package dev.ragserver.tools.beir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A BEIR dataset named by its name downloads once, from a local HTTP server serving a tiny archive
 * as BEIR packs one: checksum verified before unpacking, progress shown, nothing kept on a bad
 * archive.
 */
class BeirArchivesTest {
  @TempDir Path cache;
  private HttpServer http;
  private final AtomicInteger requests = new AtomicInteger();
  private final Map<String, byte[]> served = new java.util.concurrent.ConcurrentHashMap<>();

  @BeforeEach
  void serve() throws IOException {
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext(
        "/datasets/",
        exchange -> {
          requests.incrementAndGet();
          String name = exchange.getRequestURI().getPath().substring("/datasets/".length());
          byte[] body = served.get(name);
          if (body == null) {
            exchange.sendResponseHeaders(404, -1);
          } else {
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
          }
          exchange.close();
        });
    http.start();
  }

  @AfterEach
  void stop() {
    http.stop(0);
  }

  private URI base() {
    return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/datasets/");
  }

  private static byte[] zip(Map<String, String> entries) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream out = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, String> e : new java.util.TreeMap<>(entries).entrySet()) {
        out.putNextEntry(new ZipEntry(e.getKey()));
        out.write(e.getValue().getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
      }
    }
    return bytes.toByteArray();
  }

  private static String md5(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
  }

  private static final Map<String, String> TINY =
      Map.of(
          "tiny/corpus.jsonl", "{\"_id\": \"d1\", \"title\": \"\", \"text\": \"tides\"}\n",
          "tiny/queries.jsonl", "{\"_id\": \"q1\", \"text\": \"what are tides\"}\n",
          "tiny/qrels/test.tsv", "query-id\tcorpus-id\tscore\nq1\td1\t1\n");

  @Test
  void aDatasetNameDownloadsItsArchiveOnceIntoTheCache() throws Exception {
    byte[] archive = zip(TINY);
    served.put("tiny.zip", archive);
    BeirArchives archives = new BeirArchives(cache, base(), Map.of("tiny", md5(archive)));
    StringWriter log = new StringWriter();
    Path folder = archives.fetch("tiny", new PrintWriter(log, true));
    assertEquals(cache.resolve("tiny"), folder);
    assertEquals(
        TINY.get("tiny/qrels/test.tsv"), Files.readString(folder.resolve("qrels/test.tsv")));
    assertTrue(log.toString().contains("downloading " + base() + "tiny.zip"), log.toString());
    assertTrue(log.toString().contains("of 0.0 MB"), "progress shows the size: " + log);
    assertEquals(1, requests.get());
    assertEquals(folder, archives.fetch("tiny", new PrintWriter(new StringWriter())));
    assertEquals(1, requests.get(), "the second use reads the cache");
    assertEquals(java.util.List.of("tiny"), leftovers(), "no temporary files stay");
  }

  @Test
  void anArchiveWhoseChecksumIsNotThePublishedOneIsRefusedAndNothingIsKept() throws Exception {
    served.put("tiny.zip", zip(TINY));
    BeirArchives archives = new BeirArchives(cache, base(), Map.of("tiny", "0".repeat(32)));
    IOException e =
        assertThrows(
            IOException.class, () -> archives.fetch("tiny", new PrintWriter(new StringWriter())));
    assertTrue(e.getMessage().contains("not the published " + "0".repeat(32)), e.getMessage());
    assertTrue(archives.cached("tiny").isEmpty());
    assertEquals(java.util.List.of(), leftovers());
  }

  @Test
  void anArchiveEntryPointingOutsideTheCacheIsRefused() throws Exception {
    byte[] archive = zip(Map.of("../escaped.txt", "x", "tiny/corpus.jsonl", "{}\n"));
    served.put("tiny.zip", archive);
    BeirArchives archives = new BeirArchives(cache, base(), Map.of("tiny", md5(archive)));
    IOException e =
        assertThrows(
            IOException.class, () -> archives.fetch("tiny", new PrintWriter(new StringWriter())));
    assertTrue(e.getMessage().contains("outside"), e.getMessage());
    assertFalse(Files.exists(cache.resolveSibling("escaped.txt")));
    assertEquals(java.util.List.of(), leftovers());
  }

  @Test
  void aFailedDownloadSaysWhyAndAnUnknownNameListsTheKnownOnes() throws Exception {
    BeirArchives archives = new BeirArchives(cache, base(), Map.of("tiny", "0".repeat(32)));
    IOException e =
        assertThrows(
            IOException.class, () -> archives.fetch("tiny", new PrintWriter(new StringWriter())));
    assertTrue(e.getMessage().contains("HTTP 404"), e.getMessage());
    IllegalArgumentException unknown =
        assertThrows(
            IllegalArgumentException.class,
            () -> BeirArchives.published().fetch("scifakt", new PrintWriter(new StringWriter())));
    assertTrue(unknown.getMessage().contains("scifact"), unknown.getMessage());
  }

  private java.util.List<String> leftovers() throws IOException {
    try (Stream<Path> files = Files.list(cache)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
