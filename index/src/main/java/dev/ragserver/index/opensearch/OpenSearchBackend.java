package dev.ragserver.index.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ragserver.config.SearchConfig;
import dev.ragserver.index.IndexException;
import dev.ragserver.index.collection.BackendHealth;
import dev.ragserver.index.collection.CollectionBackend;
import dev.ragserver.index.collection.CollectionIndex;
import dev.ragserver.index.collection.CollectionManifest;
import dev.ragserver.index.collection.CollectionRegistry;
import dev.ragserver.index.collection.Guarantees;
import dev.ragserver.index.collection.SharedRecords;
import dev.ragserver.index.snapshot.ClusterSnapshots;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * The OpenSearch backend: each collection's chunks live in one index on the cluster ({@link
 * OpenSearchCollection}), named in its manifest. What it does not promise, it declares: an upsert
 * is not atomic per document (OpenSearch has no multi-document transactions, so a search during an
 * upsert's {@code _bulk} can see part of the new chunks), and closing commits nothing (an
 * acknowledged bulk write is already durable: OpenSearch fsyncs its translog before it answers).
 * Without {@code opensearch.hosts} it still knows its collections, and says what to set.
 *
 * <p>Everything a collection is lives on the cluster, so that every server over it serves every
 * collection: the manifests in a catalog index ({@code <index_prefix>_catalog}, one document per
 * collection, its id the name; the local folder of such a collection is a cache of its manifest),
 * the versions of each document's chunks in {@code <index_prefix>_versions} ({@link
 * DocumentVersions}), image blobs in {@code <index>.blobs} ({@link OpenSearchBlobStore}) and ingest
 * job statuses in {@code <index_prefix>_jobs} ({@link OpenSearchRecords}).
 */
public final class OpenSearchBackend implements CollectionBackend {
  /** The name manifests use. */
  public static final String NAME = "opensearch";

  static final Guarantees GUARANTEES = new Guarantees(false, true, true, false);

  /** The catalog index's name after the index prefix: no collection can be named so. */
  public static final String CATALOG_SUFFIX = "_catalog";

  /** Most collections the catalog lists (OpenSearch's default result window). */
  private static final int MAX_COLLECTIONS = 10_000;

  private final OpenSearchClient client;
  private final boolean ownsClient;
  private final String indexPrefix;
  private final String catalogIndex;
  private final OpenSearchRecords jobs;
  private final OpenSearchSnapshots snapshots;
  private final SearchConfig search;
  private final Executor legs;

  private OpenSearchBackend(
      OpenSearchClient client,
      boolean ownsClient,
      String indexPrefix,
      String snapshotRepository,
      SearchConfig search,
      Executor legs) {
    this.client = client;
    this.ownsClient = ownsClient;
    this.indexPrefix = indexPrefix;
    this.catalogIndex = indexPrefix + CATALOG_SUFFIX;
    this.jobs = client == null ? null : OpenSearchRecords.jobs(client, indexPrefix);
    this.snapshots =
        client == null || snapshotRepository.isEmpty()
            ? null
            : new OpenSearchSnapshots(client, snapshotRepository, indexPrefix, catalogIndex);
    this.search = search;
    this.legs = legs;
  }

  /**
   * A backend that closes the client when it closes.
   *
   * @param client the cluster, or null when none is configured
   * @param indexPrefix {@code opensearch.index_prefix}: the catalog is its index {@code
   *     <prefix>_catalog}
   * @param legs the threads that run rescoring slices
   */
  public static OpenSearchBackend owning(
      OpenSearchClient client,
      String indexPrefix,
      String snapshotRepository,
      SearchConfig search,
      Executor legs) {
    return new OpenSearchBackend(client, true, indexPrefix, snapshotRepository, search, legs);
  }

  /** A backend over a client that its caller closes (one client for several registries). */
  public static OpenSearchBackend sharing(
      OpenSearchClient client, String indexPrefix, SearchConfig search, Executor legs) {
    return new OpenSearchBackend(client, false, indexPrefix, "", search, legs);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean available() {
    return client != null;
  }

  @Override
  public Guarantees guarantees() {
    return GUARANTEES;
  }

  private OpenSearchClient client(CollectionManifest manifest, String action) {
    if (client == null) {
      throw new IndexException(
          "collection "
              + manifest.name()
              + " lives on OpenSearch (index "
              + manifest.opensearch().index()
              + "): set opensearch.hosts in the configuration to "
              + action
              + " it");
    }
    return client;
  }

  @Override
  public CollectionIndex create(Path dir, CollectionManifest manifest) {
    if (client == null) {
      throw new IllegalArgumentException(
          "backend opensearch needs a cluster: set opensearch.hosts in the configuration");
    }
    CollectionManifest.OpenSearchIndex where = manifest.opensearch();
    // the catalog entry first, and only if none is there: of two servers creating one name at
    // once, one gets it and the other is told it exists
    if (!client.createDocument(catalogIndex, manifest.name(), manifest.toJson())) {
      throw new CollectionRegistry.CollectionExistsException(manifest.name());
    }
    try {
      client.createIndex(
          where.index(),
          OpenSearchMapping.forCollection(manifest, where.shards(), where.replicas()));
    } catch (RuntimeException e) {
      client.deleteDocument(catalogIndex, manifest.name());
      throw e;
    }
    return new OpenSearchCollection(
        dir, manifest, client, where.index(), indexPrefix, search, legs);
  }

  @Override
  public boolean catalogued() {
    return client != null;
  }

  @Override
  public List<CollectionManifest> catalog() {
    if (client == null) {
      return List.of();
    }
    List<CollectionManifest> out = new ArrayList<>();
    for (JsonNode entry : client.documents(catalogIndex, MAX_COLLECTIONS)) {
      out.add(CollectionManifest.fromJson(entry));
    }
    return out;
  }

  @Override
  public Optional<CollectionManifest> find(String name) {
    if (client == null) {
      return Optional.empty();
    }
    return client.getDocument(catalogIndex, name).map(CollectionManifest::fromJson);
  }

  @Override
  public boolean adopt(CollectionManifest manifest) {
    if (client == null) {
      return true;
    }
    if (client.createDocument(catalogIndex, manifest.name(), manifest.toJson())) {
      return true;
    }
    return find(manifest.name())
        .map(m -> m.opensearch().equals(manifest.opensearch()))
        .orElse(false);
  }

  @Override
  public CollectionIndex open(Path dir, CollectionManifest manifest) {
    return new OpenSearchCollection(
        dir,
        manifest,
        client(manifest, "open"),
        manifest.opensearch().index(),
        indexPrefix,
        search,
        legs);
  }

  @Override
  public void delete(Path dir, CollectionManifest manifest) {
    OpenSearchClient c = client(manifest, "delete");
    c.deleteIndex(manifest.opensearch().index());
    c.deleteIndex(OpenSearchBlobStore.index(manifest.opensearch().index()));
    c.deleteDocument(catalogIndex, manifest.name());
    try {
      new DocumentVersions(c, indexPrefix).forget(manifest.opensearch().index());
    } catch (IndexException leftBehind) {
      // the collection is gone; version records left behind only make a collection of the same
      // name delete, at its first upsert of those documents, chunk numbers it does not have
    }
  }

  /** The statuses of ingest jobs writing to its collections, in {@code <index_prefix>_jobs}. */
  @Override
  public Optional<SharedRecords> jobRecords() {
    return Optional.ofNullable(jobs);
  }

  /** The cluster's snapshots, when {@code opensearch.snapshot_repository} names a repository. */
  @Override
  public Optional<ClusterSnapshots> clusterSnapshots() {
    return Optional.ofNullable(snapshots);
  }

  @Override
  public Optional<BackendHealth> health() {
    if (client == null) {
      return Optional.empty();
    }
    try {
      OpenSearchClient.Health h = client.health();
      String problem =
          "red".equals(h.status())
              ? "the OpenSearch cluster is red (" + h.unassignedShards() + " unassigned shards)"
              : null;
      return Optional.of(
          new BackendHealth(NAME, h.status(), h.nodes(), h.unassignedShards(), problem));
    } catch (IndexException e) {
      return Optional.of(new BackendHealth(NAME, BackendHealth.UNREACHABLE, 0, 0, e.getMessage()));
    }
  }

  @Override
  public void close() {
    if (client != null && ownsClient) {
      client.close();
    }
  }
}
