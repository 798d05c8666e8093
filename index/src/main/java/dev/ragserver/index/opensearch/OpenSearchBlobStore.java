package dev.ragserver.index.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ragserver.index.IndexException;
import dev.ragserver.index.blob.BlobStore;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A collection's blobs on the cluster: one document per blob (id the blob id, the bytes base64 in a
 * {@code binary} field kept only in {@code _source}) in the collection's blob index, {@code <its
 * index>.blobs} (made on the first blob; no collection's index can have a dot in its name), so that
 * every server over the cluster serves the images any of them ingested. Reads are real-time (a blob
 * is there as soon as its write is acknowledged); deleting the collection deletes the index, with
 * no search to miss a blob. A blob the cluster does not have is looked for in {@code local}: the
 * collection's folder, where blobs were kept before the blob index existed.
 */
final class OpenSearchBlobStore implements BlobStore {
  /** The blob index's name after the collection's index name. */
  static final String SUFFIX = ".blobs";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final OpenSearchClient client;
  private final String index;
  private final BlobStore local;
  private volatile boolean ready;

  /**
   * @param collectionIndex the index of the collection's chunks
   * @param local where blobs written before the blob index are
   */
  OpenSearchBlobStore(OpenSearchClient client, String collectionIndex, BlobStore local) {
    this.client = client;
    this.index = index(collectionIndex);
    this.local = local;
  }

  /** The blob index of a collection's index. */
  static String index(String collectionIndex) {
    return collectionIndex + SUFFIX;
  }

  @Override
  public void put(String id, byte[] bytes, String mediaType) {
    BlobStore.requireId(id);
    if (!ready) {
      client.createIndexIfMissing(
          index, OpenSearchMapping.ownIndex(Map.of("media_type", "keyword", "data", "binary")));
      ready = true;
    }
    ObjectNode source =
        JSON.createObjectNode()
            .put("media_type", mediaType)
            .put("data", Base64.getEncoder().encodeToString(bytes));
    OpenSearchClient.BulkResult r =
        client.bulk(index, List.of(new OpenSearchClient.BulkAction.Index(id, source)), false);
    if (!r.failures().isEmpty()) {
      throw new IndexException(
          "OpenSearch refused blob " + id + " in " + index + ": " + r.failures().get(0));
    }
  }

  @Override
  public Optional<Blob> get(String id) {
    if (!BlobStore.isId(id)) {
      return Optional.empty();
    }
    JsonNode source = client.getDocuments(index, List.of(id)).get(id);
    if (source == null) {
      return local.get(id);
    }
    return Optional.of(
        new Blob(
            Base64.getDecoder().decode(source.path("data").asText()),
            source.path("media_type").asText("application/octet-stream")));
  }
}
