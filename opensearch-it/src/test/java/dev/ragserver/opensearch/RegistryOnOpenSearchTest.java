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
import dev.ragserver.index.blob.BlobStore;
import dev.ragserver.index.blob.FileBlobStore;
import dev.ragserver.index.collection.CollectionIndex;
import dev.ragserver.index.collection.CollectionManifest;
import dev.ragserver.index.collection.CollectionRegistry;
import dev.ragserver.index.collection.CollectionSettings;
import dev.ragserver.index.opensearch.OpenSearchClient;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A collection created on the OpenSearch backend is found again by a new registry, its blobs are
 * served by any registry over the cluster, and it is deleted with its index and blobs.
 */
@ExtendWith(SharedCluster.class)
class RegistryOnOpenSearchTest {
  @TempDir Path dir;

  @Test
  void aCollectionOnOpenSearchReopensFromItsManifestAndDeletesItsIndex(LocalCluster cluster)
      throws java.io.IOException {
    CollectionSettings settings =
        new CollectionSettings(
            AnalyzerLanguage.ENGLISH, 16, 100, Quantization.NONE, MultiVectorPrecision.INT8);
    try (OpenSearchClient client = cluster.client()) {
      client.deleteIndex("rag-registry");
      client.deleteDocument("rag-_catalog", "scaled"); // an earlier run that stopped half-way
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
      // a collection made before the catalog (its entry and the folder's mark gone): the next
      // open lists it there, and a registry over an empty folder then finds it
      assertTrue(client.getDocument("rag-_catalog", "scaled").isPresent());
      client.deleteDocument("rag-_catalog", "scaled");
      java.nio.file.Files.delete(dir.resolve("scaled").resolve("catalogued"));
      try (CollectionRegistry legacy = Registries.open(dir, 50, ParityFixture.SEARCH, client)) {
        assertEquals(2, legacy.get("scaled", ParityFixture.MODEL).stats().chunks());
      }
      assertTrue(client.getDocument("rag-_catalog", "scaled").isPresent(), "adopted");
      try (CollectionRegistry elsewhere =
          Registries.open(dir.resolve("elsewhere"), 50, ParityFixture.SEARCH, client)) {
        // (the catalog is shared with the module's other tests: other names may be listed)
        assertTrue(elsewhere.list().contains("scaled"), elsewhere.list().toString());
        assertEquals(2, elsewhere.get("scaled", ParityFixture.MODEL).stats().chunks());
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
      // blobs live on the cluster: what one server's registry stores, another's serves; a blob in
      // the folder from before the blob index is still served
      byte[] png = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};
      String onCluster;
      try (CollectionRegistry registry = Registries.open(dir, 50, ParityFixture.SEARCH, client)) {
        onCluster = registry.get("scaled", ParityFixture.MODEL).blobs().put(png, "image/png");
      }
      byte[] old = {'G', 'I', 'F', 8, 9};
      String inFolder =
          new FileBlobStore(dir.resolve("scaled").resolve("blobs")).put(old, "image/gif");
      try (CollectionRegistry elsewhere =
          Registries.open(dir.resolve("elsewhere"), 50, ParityFixture.SEARCH, client)) {
        BlobStore blobs = elsewhere.get("scaled", ParityFixture.MODEL).blobs();
        assertEquals(new BlobStore.Blob(png, "image/png"), blobs.get(onCluster).orElseThrow());
        assertTrue(blobs.get(inFolder).isEmpty(), "another server has no copy of the old folder");
        assertTrue(blobs.get(BlobStore.idOf(new byte[] {1})).isEmpty());
      }
      try (CollectionRegistry registry = Registries.open(dir, 50, ParityFixture.SEARCH, client)) {
        BlobStore blobs = registry.get("scaled", ParityFixture.MODEL).blobs();
        assertEquals(new BlobStore.Blob(old, "image/gif"), blobs.get(inFolder).orElseThrow());
        registry.delete("scaled");
        assertFalse(registry.list().contains("scaled"), "deleting it took it off the catalog");
      }
      assertFalse(client.indexExists("rag-registry"), "deleting the collection deleted its index");
      assertFalse(client.indexExists("rag-registry.blobs"), "and its blobs");
    }
  }
}
