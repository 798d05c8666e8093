package dev.ragserver.opensearch;

import dev.ragserver.index.Registries;
import dev.ragserver.index.TestCollections;
import dev.ragserver.index.collection.CollectionContract;
import dev.ragserver.index.collection.CollectionIndex;
import dev.ragserver.index.collection.CollectionManifest;
import dev.ragserver.index.collection.CollectionRegistry;
import dev.ragserver.index.collection.Guarantees;
import dev.ragserver.index.opensearch.OpenSearchClient;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The backend contract on the OpenSearch backend, on the real cluster: the same behaviour as the
 * embedded backend, and the guarantees it does not give (atomic upserts per document; committing on
 * close, as every acknowledged write is durable already) declared as such.
 */
@ExtendWith(SharedCluster.class)
class OpenSearchContractTest extends CollectionContract {
  private OpenSearchClient client;

  @BeforeAll
  void connect(LocalCluster cluster) {
    client = cluster.client();
  }

  @AfterAll
  void disconnect() {
    if (client != null) {
      client.close();
    }
  }

  @Override
  protected CollectionRegistry registry(Path folder) {
    return Registries.open(folder, 50, TestCollections.SEARCH, client);
  }

  @Override
  protected CollectionIndex create(CollectionRegistry registry, String name) {
    String index = "rag-contract-" + name;
    client.deleteIndex(index);
    client.deleteDocument("rag-_catalog", name); // the catalog entry of an earlier run
    return registry.create(
        name,
        TestCollections.settings(dev.ragserver.config.MultiVectorPrecision.FP32),
        TestCollections.MODEL,
        null,
        new CollectionManifest.OpenSearchIndex(index, 1, 1));
  }

  @Override
  protected Guarantees expectedGuarantees() {
    return new Guarantees(false, true, true, false);
  }
}
