package dev.ragserver.index.collection;

import dev.ragserver.index.IndexException;
import dev.ragserver.index.snapshot.ClusterSnapshots;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where a collection's chunks live: creates, opens and deletes the collections of one storage
 * engine. The {@link CollectionRegistry} knows backends only through this interface and picks one
 * by the manifest's {@link CollectionManifest#backend()}; everything a backend stores locally
 * (manifest, image blobs) lives in the collection's folder, which the registry creates and removes.
 * Implementations are thread-safe.
 */
public interface CollectionBackend extends AutoCloseable {
  /** The name a manifest and the API use ({@code lucene}, {@code opensearch}). */
  String name();

  /**
   * Whether it can serve collections with this server's configuration (a cluster backend needs
   * hosts).
   */
  boolean available();

  /** What this backend's collections promise about writes. */
  Guarantees guarantees();

  /**
   * Creates the backend's storage for a new collection whose folder (holding the manifest) exists.
   *
   * @throws RuntimeException when it cannot; the registry then removes the folder
   */
  CollectionIndex create(Path dir, CollectionManifest manifest);

  /** Opens an existing collection of this backend. */
  CollectionIndex open(Path dir, CollectionManifest manifest);

  /**
   * Deletes the backend's storage of a closed collection (the registry then deletes the folder).
   */
  void delete(Path dir, CollectionManifest manifest);

  /** The snapshots this backend keeps itself (a cluster's repository), if it keeps any. */
  default Optional<ClusterSnapshots> clusterSnapshots() {
    return Optional.empty();
  }

  /**
   * Checks the files of a restored snapshot in {@code dir} before it becomes a collection (the
   * embedded backend runs Lucene's CheckIndex).
   *
   * @throws IndexException naming what is damaged, or that this backend restores no snapshots
   */
  default void checkRestored(Path dir, CollectionManifest manifest) {
    throw new IndexException(
        "backend " + name() + " restores no snapshot archives; use the backend's own snapshots");
  }

  /**
   * Whether this backend keeps a catalog of its collections that every server over it shares (a
   * cluster's): its collections' local folders are then caches, and the catalog says what exists.
   */
  default boolean catalogued() {
    return false;
  }

  /** Every collection the shared catalog lists (none for a backend without one). */
  default List<CollectionManifest> catalog() {
    return List.of();
  }

  /** A collection's manifest from the shared catalog, empty when it lists none of that name. */
  default Optional<CollectionManifest> find(String name) {
    return Optional.empty();
  }

  /**
   * Lists a collection that was made before the catalog (its folder is the only record), so the
   * other servers find it; false when the catalog holds another collection of that name.
   */
  default boolean adopt(CollectionManifest manifest) {
    return true;
  }

  /**
   * Where the status of a job writing to one of this backend's collections is shared with the other
   * servers over it; empty for a backend whose collections belong to one server.
   */
  default Optional<SharedRecords> jobRecords() {
    return Optional.empty();
  }

  /** The backend's health when it depends on something outside this process, else empty. */
  Optional<BackendHealth> health();

  /** Releases what the backend holds (a cluster client); its collections are closed first. */
  @Override
  void close();
}
