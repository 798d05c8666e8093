package dev.ragserver.index.collection;

import dev.ragserver.index.IndexException;
import dev.ragserver.index.snapshot.ClusterSnapshots;
import dev.ragserver.index.snapshot.SnapshotArchive;
import dev.ragserver.index.snapshot.SnapshotInfo;
import dev.ragserver.model.ModelInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The collections under a data folder: create, list, describe, open and delete. Each collection's
 * manifest names its backend; the registry knows backends only as {@link CollectionBackend}s (made
 * by {@code dev.ragserver.index.Registries}) and hands out their collections behind the checks
 * every backend shares. Collections are opened on first use and stay open until deleted or closed.
 *
 * <p>A backend with a shared catalog (a cluster's, {@link CollectionBackend#catalogued()}) lists
 * its collections for every server over it: a name this folder lacks is looked up there and its
 * manifest cached in a local folder (marked {@value #CATALOGUED}); a cached one the catalog no
 * longer lists (deleted through another server) is dropped, checked at most once a second per
 * collection when it is used and whenever the collections are listed. Thread-safe.
 */
public final class CollectionRegistry implements AutoCloseable {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

  /** The file in a collection's folder that says the catalog lists it (the folder is a cache). */
  static final String CATALOGUED = "catalogued";

  /** How long a catalogued collection is served before the catalog is asked again, ns. */
  private static final long RECHECK_NANOS = 1_000_000_000L;

  private final Map<String, Long> checked = new ConcurrentHashMap<>();

  private final Path dataDir;
  private final Map<String, CollectionIndex> open = new ConcurrentHashMap<>();
  private final ExecutorService legs;
  private final Map<String, CollectionBackend> backends = new LinkedHashMap<>();

  /**
   * A collection's manifest and current counts.
   *
   * @param manifest settings and model
   * @param stats counts and size
   */
  public record Description(CollectionManifest manifest, CollectionStats stats) {}

  /**
   * @param backends makes the backends, given the threads that run search legs (one pool shared by
   *     every collection, closed with the registry)
   */
  public CollectionRegistry(Path dataDir, Function<Executor, List<CollectionBackend>> backends) {
    this.dataDir = dataDir;
    int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
    this.legs =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "search-leg");
              t.setDaemon(true);
              return t;
            });
    for (CollectionBackend b : backends.apply(legs)) {
      if (this.backends.putIfAbsent(b.name(), b) != null) {
        throw new IllegalArgumentException("two backends are named " + b.name());
      }
    }
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      legs.shutdownNow();
      throw new IndexException(
          "cannot create data folder " + dataDir.toAbsolutePath() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Fails unless the name is 1–64 lower-case letters, digits, '_' or '-', starting with a letter or
   * digit.
   */
  public static String requireName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "collection names must match " + NAME.pattern() + ", got: \"" + name + "\"");
    }
    return name;
  }

  /** Creates a collection on the embedded backend; fails if the name is taken. */
  public CollectionIndex create(
      String name,
      CollectionSettings settings,
      ModelInfo model,
      CollectionManifest.ImageModelSpec imageModel) {
    return create(name, settings, model, imageModel, null);
  }

  /**
   * Creates a collection for this model on the backend its placement names: on OpenSearch in the
   * given index, or embedded when {@code opensearch} is null. Fails if the name is taken; a backend
   * that cannot create it leaves nothing behind.
   */
  public synchronized CollectionIndex create(
      String name,
      CollectionSettings settings,
      ModelInfo model,
      CollectionManifest.ImageModelSpec imageModel,
      CollectionManifest.OpenSearchIndex opensearch) {
    requireName(name);
    Path dir = dataDir.resolve(name);
    if (Files.exists(dir)) {
      throw new CollectionExistsException(name);
    }
    CollectionManifest manifest =
        new CollectionManifest(
            CollectionManifest.SCHEMA_VERSION,
            name,
            Instant.now().toString(),
            CollectionManifest.ModelSpec.of(model),
            imageModel,
            settings,
            opensearch);
    CollectionBackend backend = backend(manifest);
    // under the map's lock of that name: a concurrent get() waits for the open index instead of
    // opening the new folder a second time
    return open.compute(
        name,
        (n, existing) -> {
          try {
            Files.createDirectories(dir);
            manifest.write(dir);
          } catch (IOException e) {
            removeFolder(dir);
            throw new IndexException("cannot create collection " + name + ": " + e.getMessage(), e);
          }
          try {
            CollectionIndex created = backend.create(dir, manifest);
            if (backend.catalogued()) {
              mark(dir);
            }
            return new CheckedCollection(created);
          } catch (RuntimeException e) {
            removeFolder(dir);
            throw e;
          }
        });
  }

  /**
   * Restores a snapshot archive as a new collection of this name: extracted apart (under the data
   * folder's {@code .uploads}), checked whole (every file listed and intact, the index by its
   * backend), renamed, then moved into place in one step and opened. Whatever fails leaves no
   * collection and no files behind.
   *
   * @throws CollectionExistsException when the name is taken
   */
  public SnapshotInfo restore(String name, java.io.InputStream archive) {
    requireName(name);
    if (exists(name)) {
      throw new CollectionExistsException(name);
    }
    Path work = dataDir.resolve(".uploads").resolve("restore-" + java.util.UUID.randomUUID());
    Path staged = work.resolve(name);
    try {
      SnapshotInfo info = SnapshotArchive.extract(archive, staged);
      CollectionManifest manifest;
      try {
        manifest = CollectionManifest.read(staged);
      } catch (RuntimeException e) {
        throw new IndexException(
            "not a usable snapshot archive: its manifest.json cannot be read: " + e.getMessage(),
            e);
      }
      CollectionBackend backend = backend(manifest);
      backend.checkRestored(staged, manifest);
      manifest.withName(name).write(staged);
      Path dir = dataDir.resolve(name);
      synchronized (this) {
        if (exists(name)) {
          throw new CollectionExistsException(name);
        }
        try {
          Files.move(staged, dir, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
          throw new IndexException("cannot restore collection " + name + ": " + e.getMessage(), e);
        }
        try {
          get(name);
        } catch (RuntimeException e) {
          drop(name);
          removeFolder(dir);
          throw e;
        }
      }
      return info;
    } finally {
      removeFolder(work);
    }
  }

  /** The snapshots a collection's backend keeps itself, if it keeps any. */
  public Optional<ClusterSnapshots> clusterSnapshots(CollectionManifest manifest) {
    return backend(manifest).clusterSnapshots();
  }

  /** Every backend's own snapshots (for a collection deleted since: its backend is unknown). */
  public List<ClusterSnapshots> allClusterSnapshots() {
    List<ClusterSnapshots> out = new java.util.ArrayList<>();
    backends.values().forEach(b -> b.clusterSnapshots().ifPresent(out::add));
    return out;
  }

  /**
   * Restores a snapshot a backend keeps as a new collection of this name, then opens it.
   *
   * @throws CollectionExistsException when the name is taken
   */
  public CollectionManifest restore(
      String name, ClusterSnapshots snapshots, String collection, String id) {
    requireName(name);
    synchronized (this) {
      if (exists(name)) {
        throw new CollectionExistsException(name);
      }
      CollectionManifest m = snapshots.restore(collection, id, name);
      get(name);
      return m;
    }
  }

  private CollectionBackend backend(CollectionManifest manifest) {
    CollectionBackend b = backends.get(manifest.backend());
    if (b == null) {
      throw new IndexException(
          "collection "
              + manifest.name()
              + " lives on backend "
              + manifest.backend()
              + ", which this server does not have (it has "
              + backends.keySet()
              + ")");
    }
    return b;
  }

  /** The collection, opened on first use and checked against the running model. */
  public CollectionIndex get(String name, ModelInfo model) {
    CollectionIndex c = get(name);
    c.manifest().requireModel(model);
    return c;
  }

  /**
   * The collection, opened on first use; the caller checks that the model it embeds with is the one
   * the manifest names.
   */
  public CollectionIndex get(String name) {
    requireName(name);
    CollectionIndex c =
        open.computeIfAbsent(
            name,
            n -> {
              Path dir = dataDir.resolve(n);
              CollectionManifest manifest =
                  Files.isRegularFile(dir.resolve(CollectionManifest.FILE))
                      ? CollectionManifest.read(dir)
                      : fromCatalog(n).orElseThrow(() -> new UnknownCollectionException(n));
              CollectionBackend backend = backend(manifest);
              adopt(dir, manifest, backend);
              return new CheckedCollection(backend.open(dir, manifest));
            });
    if (staleInCatalog(name, c.manifest())) {
      drop(name);
      return get(name); // another server deleted it (and perhaps made a new one of that name)
    }
    return c;
  }

  /** The catalog's manifest of a name this folder lacks, cached in a new folder; empty if none. */
  private Optional<CollectionManifest> fromCatalog(String name) {
    for (CollectionBackend b : backends.values()) {
      if (!b.catalogued()) {
        continue;
      }
      Optional<CollectionManifest> found = b.find(name);
      if (found.isPresent()) {
        Path dir = dataDir.resolve(name);
        try {
          Files.createDirectories(dir);
          found.get().write(dir);
          mark(dir);
        } catch (IOException e) {
          throw new IndexException("cannot cache collection " + name + ": " + e.getMessage(), e);
        }
        checked.put(name, System.nanoTime());
        return found;
      }
    }
    return Optional.empty();
  }

  /**
   * Lists a collection made before its backend's catalog (no mark in its folder) there, so other
   * servers find it; refuses one whose name the catalog gives another index. When the catalog
   * cannot be reached it is tried again at the next open.
   */
  private static void adopt(Path dir, CollectionManifest manifest, CollectionBackend backend) {
    if (!backend.catalogued() || Files.exists(dir.resolve(CATALOGUED))) {
      return;
    }
    boolean adopted;
    try {
      adopted = backend.adopt(manifest);
    } catch (IndexException unreachable) {
      return;
    }
    if (!adopted) {
      throw new IndexException(
          "collection "
              + manifest.name()
              + " in this data folder is not the one the cluster's catalog lists under that name"
              + " (another index): rename or delete one of them");
    }
    mark(dir);
  }

  private static void mark(Path dir) {
    try {
      Files.writeString(dir.resolve(CATALOGUED), "");
    } catch (IOException e) {
      throw new IndexException(
          "cannot write " + dir.resolve(CATALOGUED) + ": " + e.getMessage(), e);
    }
  }

  /**
   * Whether a catalogued collection's cache is stale ({@link #goneFromCatalog}), asked at most once
   * a second per collection.
   */
  private boolean staleInCatalog(String name, CollectionManifest manifest) {
    long now = System.nanoTime();
    Long last = checked.get(name);
    if (last != null && now - last < RECHECK_NANOS) {
      return false;
    }
    checked.put(name, now);
    return goneFromCatalog(name, manifest);
  }

  /**
   * Whether the catalog no longer lists a catalogued collection, or lists another index under its
   * name; a catalog that cannot be reached leaves the cache in use (the collection's own calls
   * report the cluster's state).
   */
  private boolean goneFromCatalog(String name, CollectionManifest manifest) {
    CollectionBackend backend = backends.get(manifest.backend());
    if (backend == null || !backend.catalogued()) {
      return false;
    }
    try {
      Optional<CollectionManifest> listed = backend.find(name);
      return listed.isEmpty()
          || !java.util.Objects.equals(listed.get().opensearch(), manifest.opensearch());
    } catch (IndexException unreachable) {
      return false;
    }
  }

  /**
   * Closes a collection under the map's lock of its name, then runs {@code then} there (a
   * concurrent {@link #get} waits for it instead of reopening a half-removed folder).
   */
  private void closeThen(String name, Runnable then) {
    checked.remove(name);
    open.compute(
        name,
        (n, c) -> {
          if (c != null) {
            c.close();
          }
          then.run();
          return null;
        });
  }

  /** Closes a collection and removes its cached folder (its backend's storage stays). */
  private void drop(String name) {
    closeThen(name, () -> removeFolder(dataDir.resolve(name)));
  }

  /**
   * The manifest of a collection, read from its folder without opening its index: what a collection
   * that cannot open still says about itself.
   */
  public CollectionManifest manifest(String name) {
    requireName(name);
    CollectionIndex c = open.get(name);
    if (c != null) {
      return c.manifest();
    }
    Path dir = dataDir.resolve(name);
    if (Files.isRegularFile(dir.resolve(CollectionManifest.FILE))) {
      return CollectionManifest.read(dir);
    }
    return inCatalog(name).orElseThrow(() -> new UnknownCollectionException(name));
  }

  /** A name's manifest in a shared catalog (nothing cached); empty when none lists it. */
  private Optional<CollectionManifest> inCatalog(String name) {
    for (CollectionBackend b : backends.values()) {
      if (b.catalogued()) {
        try {
          Optional<CollectionManifest> found = b.find(name);
          if (found.isPresent()) {
            return found;
          }
        } catch (IndexException unreachable) {
          // only this folder's collections can be told apart now
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Where the status of a job writing to this collection is shared with other servers: its
   * backend's job records, empty when its backend has none (or it does not exist).
   */
  public Optional<SharedRecords> jobRecords(String collection) {
    CollectionBackend b;
    try {
      b = backends.get(manifest(collection).backend());
    } catch (IndexException gone) {
      return Optional.empty();
    }
    return b == null ? Optional.empty() : b.jobRecords();
  }

  /** Every backend's shared job records: where to look for a job another server runs. */
  public List<SharedRecords> allJobRecords() {
    List<SharedRecords> out = new ArrayList<>();
    backends.values().forEach(b -> b.jobRecords().ifPresent(out::add));
    return out;
  }

  /** Whether a collection of this name exists (in this folder or a shared catalog). */
  public boolean exists(String name) {
    return Files.isRegularFile(dataDir.resolve(requireName(name)).resolve(CollectionManifest.FILE))
        || inCatalog(name).isPresent();
  }

  /**
   * Names of every collection, sorted: this folder's and every shared catalog's. A cached
   * collection the catalog no longer lists is dropped (another server deleted it).
   */
  public List<String> list() {
    java.util.TreeSet<String> names = new java.util.TreeSet<>();
    java.util.Set<String> marked = new java.util.HashSet<>();
    try (Stream<Path> dirs = Files.list(dataDir)) {
      dirs.filter(d -> Files.isRegularFile(d.resolve(CollectionManifest.FILE)))
          .forEach(
              d -> {
                String n = d.getFileName().toString();
                names.add(n);
                if (Files.exists(d.resolve(CATALOGUED))) {
                  marked.add(n);
                }
              });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (CollectionBackend b : backends.values()) {
      if (!b.catalogued()) {
        continue;
      }
      java.util.Set<String> listed = new java.util.HashSet<>();
      try {
        b.catalog().forEach(m -> listed.add(m.name()));
      } catch (IndexException unreachable) {
        continue; // list what this folder has
      }
      for (String n : marked) {
        if (!listed.contains(n)) {
          drop(n);
          names.remove(n);
        }
      }
      names.addAll(listed);
    }
    return List.copyOf(names);
  }

  /** Manifest and counts of a collection. */
  public Description describe(String name, ModelInfo model) {
    return describe(get(name, model));
  }

  /** Manifest and counts of a collection, whatever model it holds. */
  public Description describe(String name) {
    return describe(get(name));
  }

  /**
   * Manifest and counts; a catalogued collection whose counts fail is asked about at once (another
   * server may have deleted it within the last second): gone, it is dropped and unknown here too.
   */
  private Description describe(CollectionIndex c) {
    try {
      return new Description(c.manifest(), c.stats());
    } catch (IndexException e) {
      String name = c.manifest().name();
      if (goneFromCatalog(name, c.manifest())) {
        drop(name);
        throw new UnknownCollectionException(name);
      }
      throw e;
    }
  }

  /** The health of each backend that depends on something outside this process (a cluster). */
  public List<BackendHealth> health() {
    return backends.values().stream()
        .map(CollectionBackend::health)
        .flatMap(Optional::stream)
        .toList();
  }

  /**
   * Whether a backend of this name is configured to serve collections (e.g. opensearch with hosts).
   */
  public boolean hasBackend(String name) {
    CollectionBackend b = backends.get(name);
    return b != null && b.available();
  }

  /**
   * Closes and deletes a collection: the backend's storage, then every file in its folder. It runs
   * under the map's lock of that name, so a concurrent {@link #get} either finds it open (and its
   * request then fails as an unknown collection once it is closed) or finds it gone, never a
   * half-deleted folder to reopen.
   */
  public synchronized void delete(String name) {
    requireName(name);
    Path dir = dataDir.resolve(name);
    if (!Files.isRegularFile(dir.resolve(CollectionManifest.FILE)) && fromCatalog(name).isEmpty()) {
      throw new UnknownCollectionException(name);
    }
    closeThen(
        name,
        () -> {
          CollectionManifest manifest = CollectionManifest.read(dir);
          backend(manifest).delete(dir, manifest);
          try {
            deleteTree(dir);
          } catch (IOException e) {
            throw new IndexException("cannot delete collection " + name + ": " + e.getMessage(), e);
          }
        });
  }

  private static void removeFolder(Path dir) {
    try {
      deleteTree(dir);
    } catch (IOException ignored) {
      // best effort: the error that brought us here is the one to report
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  @Override
  public synchronized void close() {
    try {
      open.values().forEach(CollectionIndex::close);
      open.clear();
    } finally {
      backends.values().forEach(CollectionBackend::close);
      legs.shutdownNow();
    }
  }

  /** A collection of that name exists already (here, or in a shared catalog). */
  public static final class CollectionExistsException extends IndexException {
    private static final long serialVersionUID = 1L;

    public CollectionExistsException(String name) {
      super("collection " + name + " already exists");
    }
  }

  /** No collection of that name. */
  public static final class UnknownCollectionException extends IndexException {
    private static final long serialVersionUID = 1L;

    public UnknownCollectionException(String name) {
      super("no collection named " + name);
    }
  }
}
