package dev.ragserver.index;

import dev.ragserver.config.IndexConfig;
import dev.ragserver.config.OpenSearchConfig;
import dev.ragserver.config.SearchConfig;
import dev.ragserver.index.collection.CollectionRegistry;
import dev.ragserver.index.lucene.LuceneBackend;
import dev.ragserver.index.lucene.WriteSettings;
import dev.ragserver.index.opensearch.OpenSearchBackend;
import dev.ragserver.index.opensearch.OpenSearchClient;
import java.nio.file.Path;
import java.util.List;

/**
 * The one place that knows every backend: registries with the embedded Lucene backend and the
 * OpenSearch backend (with a cluster client when {@code opensearch.hosts} is set). Everything above
 * the index asks here and then sees only {@link CollectionRegistry} and {@code CollectionIndex}.
 */
public final class Registries {
  private Registries() {}

  /**
   * A registry for this configuration; the OpenSearch client it makes (if any) is closed with it.
   */
  public static CollectionRegistry forConfig(
      IndexConfig index, SearchConfig search, OpenSearchConfig opensearch) {
    return forConfig(index, index.dataDir(), search, opensearch);
  }

  /** As {@link #forConfig(IndexConfig, SearchConfig, OpenSearchConfig)}, over another folder. */
  public static CollectionRegistry forConfig(
      IndexConfig index, String dataDir, SearchConfig search, OpenSearchConfig opensearch) {
    OpenSearchClient client = OpenSearchClient.forConfig(opensearch);
    WriteSettings refresh = WriteSettings.of(index);
    return new CollectionRegistry(
        Path.of(dataDir),
        legs ->
            List.of(
                new LuceneBackend(refresh, search, legs),
                OpenSearchBackend.owning(
                    client,
                    opensearch.indexPrefix(),
                    opensearch.snapshotRepository(),
                    search,
                    legs)));
  }

  /** A registry whose collections are embedded (one on OpenSearch says to set opensearch.hosts). */
  public static CollectionRegistry embedded(
      Path dataDir, int refreshIntervalMs, SearchConfig search) {
    return open(dataDir, refreshIntervalMs, search, null);
  }

  /** As {@link #embedded(Path, int, SearchConfig)}, with a longer refresh during bulk loads. */
  public static CollectionRegistry embedded(
      Path dataDir, WriteSettings refresh, SearchConfig search) {
    return open(dataDir, refresh, search, null);
  }

  /**
   * A registry with both backends.
   *
   * @param client the OpenSearch cluster, or null for none; its caller closes it
   */
  public static CollectionRegistry open(
      Path dataDir, int refreshIntervalMs, SearchConfig search, OpenSearchClient client) {
    return open(dataDir, WriteSettings.constant(refreshIntervalMs), search, client);
  }

  private static CollectionRegistry open(
      Path dataDir, WriteSettings refresh, SearchConfig search, OpenSearchClient client) {
    return new CollectionRegistry(
        dataDir,
        legs ->
            List.of(
                new LuceneBackend(refresh, search, legs),
                OpenSearchBackend.sharing(
                    client, OpenSearchConfig.DEFAULT_INDEX_PREFIX, search, legs)));
  }
}
