package dev.ragserver.opensearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragserver.config.AnalyzerLanguage;
import dev.ragserver.config.MultiVectorPrecision;
import dev.ragserver.config.Quantization;
import dev.ragserver.index.IndexException;
import dev.ragserver.index.Registries;
import dev.ragserver.index.collection.CollectionIndex;
import dev.ragserver.index.collection.CollectionManifest;
import dev.ragserver.index.collection.CollectionRegistry;
import dev.ragserver.index.collection.CollectionSettings;
import dev.ragserver.index.opensearch.OpenSearchClient;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A collection created on the OpenSearch backend is found again by a new registry and deleted with
 * its index.
 */
@ExtendWith(SharedCluster.class)
class RegistryOnOpenSearchTest {
  @TempDir Path dir;

  @Test
  void aCollectionOnOpenSearchReopensFromItsManifestAndDeletesItsIndex(LocalCluster cluster) {
    CollectionSettings settings =
        new CollectionSettings(
            AnalyzerLanguage.ENGLISH, 16, 100, Quantization.NONE, MultiVectorPrecision.INT8);
    try (OpenSearchClient client = cluster.client()) {
      client.deleteIndex("rag-registry");
      try (CollectionRegistry registry = Registries.open(dir, 50, ParityFixture.SEARCH, client)) {
        CollectionIndex created =
            registry.create(
                "scaled",
                settings,
                ParityFixture.MODEL,
                null,
                new CollectionManifest.OpenSearchIndex("rag-registry", 2, 1));
        created.upsert(ParityFixture.chunks().subList(0, 2));
        created.commit();
        assertTrue(client.indexExists("rag-registry"));
      }
      try (CollectionRegistry again = Registries.open(dir, 50, ParityFixture.SEARCH, client)) {
        CollectionIndex reopened = again.get("scaled", ParityFixture.MODEL);
        assertEquals("opensearch", reopened.manifest().backend());
        assertEquals(false, reopened.guarantees().atomicDocumentUpsert());
        assertEquals(2, reopened.stats().chunks());
        assertEquals(
            2, again.describe("scaled", ParityFixture.MODEL).manifest().opensearch().shards());
      }
      try (CollectionRegistry withoutCluster = Registries.embedded(dir, 50, ParityFixture.SEARCH)) {
        IndexException e =
            assertThrows(
                IndexException.class, () -> withoutCluster.get("scaled", ParityFixture.MODEL));
        assertTrue(
            e.getMessage()
                .contains("lives on OpenSearch (index rag-registry): set opensearch.hosts"),
            e.getMessage());
      }
      try (CollectionRegistry registry = Registries.open(dir, 50, ParityFixture.SEARCH, client)) {
        registry.delete("scaled");
        assertEquals(List.of(), registry.list());
      }
      assertFalse(client.indexExists("rag-registry"), "deleting the collection deleted its index");
    }
  }
}
