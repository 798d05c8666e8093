package dev.ragserver.index.collection;

import dev.ragserver.config.SearchConfig;
import dev.ragserver.index.IndexException;
import dev.ragserver.index.opensearch.OpenSearchClient;
import dev.ragserver.index.opensearch.OpenSearchCollection;
import dev.ragserver.model.ModelInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The collections under a data folder: create, list, describe, open and delete. Collections are
 * opened on first use and stay open until deleted or closed. Thread-safe.
 */
public final class CollectionRegistry implements AutoCloseable {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

  private final Path dataDir;
  private final int refreshIntervalMs;
  private final SearchConfig search;
  private final Map<String, CollectionIndex> open = new ConcurrentHashMap<>();
  private final ExecutorService legs;
  private final OpenSearchClient openSearch;

  /**
   * A collection's manifest and current counts.
   *
   * @param manifest settings and model
   * @param stats counts and size
   */
  public record Description(CollectionManifest manifest, CollectionStats stats) {}

  /** A registry of embedded collections only. */
  public CollectionRegistry(Path dataDir, int refreshIntervalMs, SearchConfig search) {
    this(dataDir, refreshIntervalMs, search, null);
  }

  /**
   * @param openSearch the cluster for collections on the OpenSearch backend, or null for none
   */
  public CollectionRegistry(Path dataDir, int refreshIntervalMs, SearchConfig search, OpenSearchClient openSearch) {
    this.openSearch = openSearch;
    this.dataDir = dataDir;
    this.refreshIntervalMs = refreshIntervalMs;
    this.search = search;
    int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
    this.legs = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "search-leg");
      t.setDaemon(true);
      return t;
    });
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new IndexException("cannot create data folder " + dataDir.toAbsolutePath() + ": " + e.getMessage(), e);
    }
  }

  /** Fails unless the name is 1–64 lower-case letters, digits, '_' or '-', starting with a letter or digit. */
  public static String requireName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("collection names must match " + NAME.pattern() + ", got: \"" + name + "\"");
    }
    return name;
  }

  /** Creates a collection for this model; fails if the name is taken. */
  public synchronized CollectionIndex create(String name, CollectionSettings settings, ModelInfo model,
      CollectionManifest.ImageModelSpec imageModel) {
    requireName(name);
    Path dir = dataDir.resolve(name);
    if (Files.exists(dir)) {
      throw new IndexException("collection " + name + " already exists");
    }
    CollectionManifest manifest = new CollectionManifest(CollectionManifest.SCHEMA_VERSION, name,
        Instant.now().toString(), CollectionManifest.ModelSpec.of(model), imageModel, settings, null);
    CollectionIndex c = LuceneCollection.create(dir, manifest, refreshIntervalMs, search, legs);
    open.put(name, c);
    return c;
  }

  /**
   * Creates a collection on the OpenSearch backend: its index on the cluster ({@code index}, with
   * the mapping of {@link dev.ragserver.index.opensearch.OpenSearchMapping}), its manifest and
   * blobs in the local folder.
   */
  public synchronized CollectionIndex createOnOpenSearch(String name, CollectionSettings settings, ModelInfo model,
      CollectionManifest.ImageModelSpec imageModel, String index, int shards, int replicas) {
    requireName(name);
    if (openSearch == null) {
      throw new IllegalArgumentException("backend opensearch needs a cluster: set opensearch.hosts in the configuration");
    }
    Path dir = dataDir.resolve(name);
    if (Files.exists(dir)) {
      throw new IndexException("collection " + name + " already exists");
    }
    CollectionManifest manifest = new CollectionManifest(CollectionManifest.SCHEMA_VERSION, name,
        Instant.now().toString(), CollectionManifest.ModelSpec.of(model), imageModel, settings,
        new CollectionManifest.OpenSearchIndex(index, shards, replicas));
    OpenSearchCollection.createIndex(openSearch, index, manifest, shards, replicas);
    try {
      Files.createDirectories(dir);
      manifest.write(dir);
    } catch (IOException | RuntimeException e) {
      openSearch.deleteIndex(index);
      throw e instanceof IOException io ? new IndexException("cannot create " + dir + ": " + io.getMessage(), io)
          : (RuntimeException) e;
    }
    CollectionIndex c = new OpenSearchCollection(dir, manifest, openSearch, index, search, legs);
    open.put(name, c);
    return c;
  }

  private CollectionIndex openCollection(Path dir) {
    CollectionManifest manifest = CollectionManifest.read(dir);
    if (manifest.opensearch() == null) {
      return LuceneCollection.open(dir, refreshIntervalMs, search, legs);
    }
    if (openSearch == null) {
      throw new IndexException("collection " + manifest.name() + " lives on OpenSearch (index "
          + manifest.opensearch().index() + "): set opensearch.hosts in the configuration to open it");
    }
    return new OpenSearchCollection(dir, manifest, openSearch, manifest.opensearch().index(), search, legs);
  }

  /** The collection, opened on first use and checked against the running model. */
  public CollectionIndex get(String name, ModelInfo model) {
    requireName(name);
    CollectionIndex c = open.computeIfAbsent(name, n -> {
      Path dir = dataDir.resolve(n);
      if (!Files.isRegularFile(dir.resolve(CollectionManifest.FILE))) {
        throw new UnknownCollectionException(n);
      }
      return openCollection(dir);
    });
    c.manifest().requireModel(model);
    return c;
  }

  /** Whether a collection of this name exists. */
  public boolean exists(String name) {
    return Files.isRegularFile(dataDir.resolve(requireName(name)).resolve(CollectionManifest.FILE));
  }

  /** Names of every collection, sorted. */
  public List<String> list() {
    try (Stream<Path> dirs = Files.list(dataDir)) {
      return dirs.filter(d -> Files.isRegularFile(d.resolve(CollectionManifest.FILE)))
          .map(d -> d.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Manifest and counts of a collection. */
  public Description describe(String name, ModelInfo model) {
    CollectionIndex c = get(name, model);
    return new Description(c.manifest(), c.stats());
  }

  /** Closes and deletes a collection with every file in its folder. */
  public synchronized void delete(String name) {
    requireName(name);
    Path dir = dataDir.resolve(name);
    if (!exists(name)) {
      throw new UnknownCollectionException(name);
    }
    CollectionIndex c = open.remove(name);
    if (c != null) {
      c.close();
    }
    CollectionManifest manifest = CollectionManifest.read(dir);
    if (manifest.opensearch() != null) {
      if (openSearch == null) {
        throw new IndexException("collection " + name + " lives on OpenSearch (index " + manifest.opensearch().index()
            + "): set opensearch.hosts to delete it");
      }
      openSearch.deleteIndex(manifest.opensearch().index());
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new IndexException("cannot delete collection " + name + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() {
    open.values().forEach(CollectionIndex::close);
    open.clear();
    legs.shutdownNow();
  }

  /** No collection of that name. */
  public static final class UnknownCollectionException extends IndexException {
    private static final long serialVersionUID = 1L;

    UnknownCollectionException(String name) {
      super("no collection named " + name);
    }
  }
}
