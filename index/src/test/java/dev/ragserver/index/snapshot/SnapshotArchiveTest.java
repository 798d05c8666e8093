package dev.ragserver.index.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragserver.index.IndexException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the archive reader refuses, by hand-made archives. */
class SnapshotArchiveTest {
  @TempDir Path dir;

  private static byte[] zip(Map<String, String> entries) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(out)) {
      for (Map.Entry<String, String> e : entries.entrySet()) {
        z.putNextEntry(new ZipEntry(e.getKey()));
        z.write(e.getValue().getBytes(StandardCharsets.UTF_8));
        z.closeEntry();
      }
    }
    return out.toByteArray();
  }

  private static String info(String files) {
    return "{\"format\": 1, \"id\": \"s1\", \"collection\": \"c\", \"created\": \"2026-12-04T00:00:00Z\","
        + " \"chunks\": 1, \"files\": ["
        + files
        + "]}";
  }

  private String refusal(Map<String, String> entries) throws IOException {
    byte[] bytes = zip(entries);
    IndexException e =
        assertThrows(
            IndexException.class,
            () -> SnapshotArchive.extract(new ByteArrayInputStream(bytes), dir.resolve("out")));
    return e.getMessage();
  }

  @Test
  void aListedArchiveExtracts() throws IOException {
    Map<String, String> ok = new LinkedHashMap<>();
    ok.put("manifest.json", "{}");
    ok.put(SnapshotArchive.INFO, info("{\"name\": \"manifest.json\", \"size\": 2}"));
    SnapshotInfo i = SnapshotArchive.extract(new ByteArrayInputStream(zip(ok)), dir.resolve("out"));
    assertEquals("s1", i.id());
    assertEquals("{}", Files.readString(dir.resolve("out/manifest.json")));
  }

  @Test
  void anEntryOutsideTheFolderIsRefusedAndNothingIsWrittenThere() throws IOException {
    Map<String, String> evil = new LinkedHashMap<>();
    evil.put("../evil.txt", "x");
    assertTrue(refusal(evil).contains("outside the snapshot's folder"));
    assertFalse(Files.exists(dir.resolve("evil.txt")));
  }

  @Test
  void aMissingExtraOrResizedFileIsRefused() throws IOException {
    Map<String, String> missing = new LinkedHashMap<>();
    missing.put(SnapshotArchive.INFO, info("{\"name\": \"manifest.json\", \"size\": 2}"));
    assertTrue(refusal(missing).contains("manifest.json is missing"));

    Map<String, String> extra = new LinkedHashMap<>();
    extra.put("manifest.json", "{}");
    extra.put("index/_9.cfs", "zz");
    extra.put(SnapshotArchive.INFO, info("{\"name\": \"manifest.json\", \"size\": 2}"));
    assertTrue(refusal(extra).contains("does not list index/_9.cfs"));

    Map<String, String> resized = new LinkedHashMap<>();
    resized.put("manifest.json", "{ }");
    resized.put(SnapshotArchive.INFO, info("{\"name\": \"manifest.json\", \"size\": 2}"));
    assertTrue(refusal(resized).contains("has 3 bytes"));

    Map<String, String> none = new LinkedHashMap<>();
    none.put("manifest.json", "{}");
    assertTrue(refusal(none).contains("has no snapshot.json"));
  }
}
