package dev.ragserver.index.collection;

import dev.ragserver.index.IndexException;
import dev.ragserver.model.ModelInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
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
 * Thread-safe.
 */
public final class CollectionRegistry implements AutoCloseable {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

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
      throw new IndexException("collection " + name + " already exists");
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
            return new CheckedCollection(backend.create(dir, manifest));
          } catch (RuntimeException e) {
            removeFolder(dir);
            throw e;
          }
        });
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
              if (!Files.isRegularFile(dir.resolve(CollectionManifest.FILE))) {
                throw new UnknownCollectionException(n);
              }
              CollectionManifest manifest = CollectionManifest.read(dir);
              CollectionBackend backend = backend(manifest);
              return new CheckedCollection(backend.open(dir, manifest));
            });
    return c;
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
    if (!Files.isRegularFile(dir.resolve(CollectionManifest.FILE))) {
      throw new UnknownCollectionException(name);
    }
    return CollectionManifest.read(dir);
  }

  /** Whether a collection of this name exists. */
  public boolean exists(String name) {
    return Files.isRegularFile(dataDir.resolve(requireName(name)).resolve(CollectionManifest.FILE));
  }

  /** Names of every collection, sorted. */
  public List<String> list() {
    try (Stream<Path> dirs = Files.list(dataDir)) {
      return dirs.filter(d -> Files.isRegularFile(d.resolve(CollectionManifest.FILE)))
          .map(d -> d.getFileName().toString())
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Manifest and counts of a collection. */
  public Description describe(String name, ModelInfo model) {
    CollectionIndex c = get(name, model);
    return new Description(c.manifest(), c.stats());
  }

  /** Manifest and counts of a collection, whatever model it holds. */
  public Description describe(String name) {
    CollectionIndex c = get(name);
    return new Description(c.manifest(), c.stats());
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
    if (!exists(name)) {
      throw new UnknownCollectionException(name);
    }
    open.compute(
        name,
        (n, c) -> {
          if (c != null) {
            c.close();
          }
          CollectionManifest manifest = CollectionManifest.read(dir);
          backend(manifest).delete(dir, manifest);
          try {
            deleteTree(dir);
          } catch (IOException e) {
            throw new IndexException("cannot delete collection " + name + ": " + e.getMessage(), e);
          }
          return null;
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

  /** No collection of that name. */
  public static final class UnknownCollectionException extends IndexException {
    private static final long serialVersionUID = 1L;

    public UnknownCollectionException(String name) {
      super("no collection named " + name);
    }
  }
}
