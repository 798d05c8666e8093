package dev.ragserver.index.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ragserver.index.IndexException;
import dev.ragserver.index.collection.CollectionIndex;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The archive of a snapshot: a zip of the collection's files (deflated at the fastest level: the
 * index is compressed already), then {@value #INFO} listing each file and its size. Reading checks
 * every entry's name (inside the archive's folder), its CRC (the zip's own) and its size, and that
 * every listed file is there: a truncated or altered archive is refused as a whole.
 */
public final class SnapshotArchive {
  /** The last entry, which lists the others. */
  public static final String INFO = "snapshot.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  private SnapshotArchive() {}

  /** Writes a snapshot of this collection to {@code out} and returns what it holds. */
  public static SnapshotInfo write(CollectionIndex collection, String id, OutputStream out) {
    List<SnapshotInfo.FileEntry> files = new ArrayList<>();
    String created = Instant.now().toString();
    try {
      ZipOutputStream zip = new ZipOutputStream(out);
      zip.setLevel(1);
      long chunks =
          collection.snapshot(
              (name, file) -> {
                long size;
                try (InputStream in = Files.newInputStream(file)) {
                  zip.putNextEntry(new ZipEntry(name));
                  size = in.transferTo(zip);
                  zip.closeEntry();
                } catch (NoSuchFileException gone) {
                  return; // a blob deleted meanwhile: not part of the snapshot
                }
                files.add(new SnapshotInfo.FileEntry(name, size));
              });
      SnapshotInfo info =
          new SnapshotInfo(id, collection.manifest().name(), created, chunks, files);
      zip.putNextEntry(new ZipEntry(INFO));
      zip.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(tree(info)));
      zip.closeEntry();
      zip.finish();
      zip.flush();
      return info;
    } catch (IOException e) {
      throw new IndexException(
          "cannot write a snapshot of " + collection.manifest().name() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Extracts an archive into {@code target} (which must not exist) and returns what it holds.
   *
   * @throws IndexException naming what is wrong, when the archive is truncated, altered, or not a
   *     snapshot; {@code target} may then hold part of it (the caller removes it)
   */
  public static SnapshotInfo extract(InputStream in, Path target) {
    Map<String, Long> seen = new HashMap<>();
    SnapshotInfo info = null;
    Path root = target.toAbsolutePath().normalize();
    try {
      Files.createDirectories(root);
      ZipInputStream zip = new ZipInputStream(in);
      ZipEntry e;
      while ((e = zip.getNextEntry()) != null) {
        String name = e.getName();
        if (info != null) {
          throw refused("an entry follows " + INFO + ": " + name);
        }
        if (name.equals(INFO)) {
          info = info(JSON.readTree(zip.readAllBytes()));
          continue;
        }
        Path out = root.resolve(name).normalize();
        if (e.isDirectory() || !out.startsWith(root) || out.equals(root) || name.contains("\\")) {
          throw refused("an entry lies outside the snapshot's folder: " + name);
        }
        Files.createDirectories(out.getParent());
        long size;
        try (OutputStream o = Files.newOutputStream(out)) {
          size = zip.transferTo(o);
        }
        seen.put(name, size);
      }
    } catch (ZipException | java.io.EOFException z) {
      throw refused("the archive is damaged or cut short: " + z.getMessage());
    } catch (IOException io) {
      throw new IndexException("cannot read the snapshot archive: " + io.getMessage(), io);
    }
    if (info == null) {
      throw refused("it has no " + INFO + " (cut short, or not a snapshot of this server)");
    }
    for (SnapshotInfo.FileEntry f : info.files()) {
      Long size = seen.remove(f.name());
      if (size == null) {
        throw refused(f.name() + " is missing");
      }
      if (size != f.size()) {
        throw refused(f.name() + " has " + size + " bytes, " + INFO + " says " + f.size());
      }
    }
    if (!seen.isEmpty()) {
      throw refused(INFO + " does not list " + seen.keySet().iterator().next());
    }
    return info;
  }

  private static IndexException refused(String why) {
    return new IndexException("not a usable snapshot archive: " + why);
  }

  private static ObjectNode tree(SnapshotInfo info) {
    ObjectNode n = JSON.createObjectNode();
    n.put("format", SnapshotInfo.FORMAT);
    n.put("id", info.id());
    n.put("collection", info.collection());
    n.put("created", info.created());
    n.put("chunks", info.chunks());
    ArrayNode files = n.putArray("files");
    for (SnapshotInfo.FileEntry f : info.files()) {
      files.addObject().put("name", f.name()).put("size", f.size());
    }
    return n;
  }

  private static SnapshotInfo info(JsonNode n) {
    if (n == null || n.path("format").asInt() != SnapshotInfo.FORMAT) {
      throw refused(
          INFO + " has format " + n.path("format") + ", this server reads " + SnapshotInfo.FORMAT);
    }
    List<SnapshotInfo.FileEntry> files = new ArrayList<>();
    for (JsonNode f : n.path("files")) {
      files.add(new SnapshotInfo.FileEntry(f.path("name").asText(), f.path("size").asLong(-1)));
    }
    return new SnapshotInfo(
        n.path("id").asText(),
        n.path("collection").asText(),
        n.path("created").asText(),
        n.path("chunks").asLong(),
        files);
  }

  /** Reads only the {@value #INFO} of an archive file (the last entry). */
  public static SnapshotInfo read(Path archive) {
    try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(archive.toFile())) {
      ZipEntry e = z.getEntry(INFO);
      if (e == null) {
        throw refused("it has no " + INFO);
      }
      try (InputStream in = z.getInputStream(e)) {
        return info(JSON.readTree(in));
      }
    } catch (IOException io) {
      throw refused(io.getMessage());
    }
  }
}
