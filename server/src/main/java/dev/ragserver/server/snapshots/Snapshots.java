package dev.ragserver.server.snapshots;

import dev.ragserver.api.snapshots.SnapshotView;
import dev.ragserver.index.IndexException;
import dev.ragserver.index.collection.CollectionIndex;
import dev.ragserver.index.snapshot.ClusterSnapshots;
import dev.ragserver.index.snapshot.SnapshotArchive;
import dev.ragserver.index.snapshot.SnapshotInfo;
import dev.ragserver.server.engine.Collections;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The snapshots of the data folder: {@code .snapshots/<collection>/<id>.zip}, written to a
 * temporary file and moved into place when whole (a listing never shows a partial archive). They
 * outlive their collection: a deleted collection can be restored from its snapshots.
 */
public final class Snapshots {
  private static final Pattern ID = Pattern.compile("s[0-9]{8}t[0-9]{9}z-[0-9a-f]{4}");
  private static final DateTimeFormatter STAMP =
      // lower case: a cluster's snapshot names must be
      DateTimeFormatter.ofPattern("yyyyMMdd't'HHmmssSSS'z'");

  private final Collections collections;
  private final Path root;

  public Snapshots(Collections collections, Path dataDir) {
    this.collections = collections;
    this.root = dataDir.resolve(".snapshots");
  }

  /**
   * Takes a snapshot of the collection (writes and queries go on meanwhile): an archive in the data
   * folder, or for an OpenSearch collection a snapshot in the cluster's repository.
   */
  public SnapshotView create(String collection) {
    CollectionIndex index = collections.get(collection);
    String id = newId();
    if (index.manifest().opensearch() != null) {
      ClusterSnapshots cluster =
          collections
              .clusterSnapshots(index.manifest())
              .orElseThrow(
                  () ->
                      new NotKept(
                          "collection "
                              + collection
                              + " lives on OpenSearch: set opensearch.snapshot_repository to a"
                              + " snapshot repository registered on the cluster to snapshot it"));
      return view(cluster.create(index.manifest(), id), 0, cluster.repository());
    }
    return archive(index, id);
  }

  /** The collection's backend keeps no snapshots on this server's configuration. */
  public static final class NotKept extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotKept(String message) {
      super(message);
    }
  }

  private static String newId() {
    return "s"
        + ZonedDateTime.now(ZoneOffset.UTC).format(STAMP)
        + "-"
        + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt(1 << 16));
  }

  private SnapshotView archive(CollectionIndex index, String id) {
    String collection = index.manifest().name();
    Path dir = root.resolve(collection);
    try {
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, ".partial-", ".zip");
      try {
        SnapshotInfo info;
        try (OutputStream out = Files.newOutputStream(tmp)) {
          info = SnapshotArchive.write(index, id, out);
        }
        Path archive = dir.resolve(id + ".zip");
        Files.move(tmp, archive, StandardCopyOption.ATOMIC_MOVE);
        return view(info, Files.size(archive), null);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write a snapshot of " + collection + ": " + e.getMessage(), e);
    }
  }

  /**
   * The collection's snapshots, oldest first (also those of a deleted collection): its archives,
   * then those the clusters' repositories hold.
   */
  public List<SnapshotView> list(String collection) {
    List<SnapshotView> out = new ArrayList<>(archives(collection));
    for (ClusterSnapshots cluster : collections.allClusterSnapshots()) {
      for (SnapshotInfo info : cluster.list(collection)) {
        out.add(view(info, 0, cluster.repository()));
      }
    }
    return out;
  }

  private List<SnapshotView> archives(String collection) {
    Path dir = root.resolve(collection);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<SnapshotView> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.sorted().toList()) {
        String name = f.getFileName().toString();
        if (name.endsWith(".zip") && ID.matcher(name.substring(0, name.length() - 4)).matches()) {
          out.add(view(SnapshotArchive.read(f), Files.size(f), null));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** The archive of a snapshot, if there is one. */
  public Optional<Path> archive(String collection, String id) {
    if (!ID.matcher(id).matches()) {
      return Optional.empty();
    }
    Path f = root.resolve(collection).resolve(id + ".zip");
    return Files.isRegularFile(f) ? Optional.of(f) : Optional.empty();
  }

  /** Whether the collection has this snapshot, as an archive or in a cluster. */
  public boolean exists(String collection, String id) {
    return archive(collection, id).isPresent() || inCluster(collection, id).isPresent();
  }

  /** The cluster repository holding this snapshot, if a cluster holds it. */
  public Optional<ClusterSnapshots> inCluster(String collection, String id) {
    for (ClusterSnapshots cluster : collections.allClusterSnapshots()) {
      if (cluster.find(collection, id).isPresent()) {
        return Optional.of(cluster);
      }
    }
    return Optional.empty();
  }

  /** Deletes a snapshot; false when there was none. */
  public boolean delete(String collection, String id) {
    Optional<Path> f = archive(collection, id);
    if (f.isEmpty()) {
      Optional<ClusterSnapshots> cluster = inCluster(collection, id);
      return cluster.isPresent() && cluster.get().delete(collection, id);
    }
    try {
      Files.delete(f.get());
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Restores a snapshot of this server's (an archive, or in a cluster) as a new collection. */
  public void restore(String name, String collection, String id) {
    Optional<Path> f = archive(collection, id);
    if (f.isPresent()) {
      restore(name, f.get());
      return;
    }
    ClusterSnapshots cluster =
        inCluster(collection, id)
            .orElseThrow(
                () -> new IndexException("collection " + collection + " has no snapshot " + id));
    collections.restore(name, cluster, collection, id);
  }

  /** Restores an archive (from this server or another) as a new collection. */
  public SnapshotInfo restore(String name, Path archive) {
    try (InputStream in = Files.newInputStream(archive)) {
      return collections.restore(name, in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + archive + ": " + e.getMessage(), e);
    }
  }

  private static SnapshotView view(SnapshotInfo info, long size, String repository) {
    return new SnapshotView(
        info.id(),
        info.collection(),
        info.created(),
        info.chunks(),
        size,
        "/v1/collections/" + info.collection() + "/snapshots/" + info.id(),
        repository);
  }
}
