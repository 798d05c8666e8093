package dev.ragserver.index.opensearch;

import dev.ragserver.config.SearchConfig;
import dev.ragserver.index.IndexException;
import dev.ragserver.index.collection.BackendHealth;
import dev.ragserver.index.collection.CollectionBackend;
import dev.ragserver.index.collection.CollectionIndex;
import dev.ragserver.index.collection.CollectionManifest;
import dev.ragserver.index.collection.Guarantees;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * The OpenSearch backend: each collection's chunks live in one index on the cluster ({@link
 * OpenSearchCollection}), named in its manifest. What it does not promise, it declares: an upsert
 * is not atomic per document (OpenSearch has no multi-document transactions, so a search during an
 * upsert's {@code _bulk} can see part of the new chunks), and closing commits nothing (an
 * acknowledged bulk write is already durable: OpenSearch fsyncs its translog before it answers).
 * Without {@code opensearch.hosts} it still knows its collections, and says what to set.
 */
public final class OpenSearchBackend implements CollectionBackend {
  /** The name manifests use. */
  public static final String NAME = "opensearch";

  static final Guarantees GUARANTEES = new Guarantees(false, true, true, false);

  private final OpenSearchClient client;
  private final boolean ownsClient;
  private final SearchConfig search;
  private final Executor legs;

  private OpenSearchBackend(
      OpenSearchClient client, boolean ownsClient, SearchConfig search, Executor legs) {
    this.client = client;
    this.ownsClient = ownsClient;
    this.search = search;
    this.legs = legs;
  }

  /**
   * A backend that closes the client when it closes.
   *
   * @param client the cluster, or null when none is configured
   * @param legs the threads that run rescoring slices
   */
  public static OpenSearchBackend owning(
      OpenSearchClient client, SearchConfig search, Executor legs) {
    return new OpenSearchBackend(client, true, search, legs);
  }

  /** A backend over a client that its caller closes (one client for several registries). */
  public static OpenSearchBackend sharing(
      OpenSearchClient client, SearchConfig search, Executor legs) {
    return new OpenSearchBackend(client, false, search, legs);
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
    client.createIndex(
        where.index(), OpenSearchMapping.forCollection(manifest, where.shards(), where.replicas()));
    return new OpenSearchCollection(dir, manifest, client, where.index(), search, legs);
  }

  @Override
  public CollectionIndex open(Path dir, CollectionManifest manifest) {
    return new OpenSearchCollection(
        dir, manifest, client(manifest, "open"), manifest.opensearch().index(), search, legs);
  }

  @Override
  public void delete(Path dir, CollectionManifest manifest) {
    client(manifest, "delete").deleteIndex(manifest.opensearch().index());
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
