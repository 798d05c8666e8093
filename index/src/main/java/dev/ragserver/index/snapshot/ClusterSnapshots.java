package dev.ragserver.index.snapshot;

import dev.ragserver.index.collection.CollectionManifest;
import java.util.List;
import java.util.Optional;

/**
 * Snapshots a backend keeps itself (a cluster's snapshot repository) rather than as archives: of
 * the collection's indices, with its manifest in the snapshot's metadata.
 */
public interface ClusterSnapshots {
  /** Where they are kept (the repository's name), for messages. */
  String repository();

  /** Takes a snapshot of a collection (writes and queries go on meanwhile). */
  SnapshotInfo create(CollectionManifest manifest, String id);

  /** The snapshots of a collection (also of one deleted since), oldest first. */
  List<SnapshotInfo> list(String collection);

  /** One snapshot of a collection, asked for by its id (not by listing the repository). */
  Optional<SnapshotInfo> find(String collection, String id);

  /** Deletes a snapshot of a collection; false when there is none. */
  boolean delete(String collection, String id);

  /**
   * Restores a snapshot as a new collection of this name (new indices, a new catalog entry).
   *
   * @return the new collection's manifest
   * @throws dev.ragserver.index.collection.CollectionRegistry.CollectionExistsException when the
   *     name is taken
   */
  CollectionManifest restore(String collection, String id, String name);
}
