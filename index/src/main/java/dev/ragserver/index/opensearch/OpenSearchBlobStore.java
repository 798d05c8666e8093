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
 * A collection's blobs on the cluster: one document per blob in the backend's blob index ({@code
 * <index_prefix>_blobs}, id {@code <collection index>/<blob id>}, the bytes base64 in a {@code
 * binary} field kept only in {@code _source}), so that every server over the cluster serves the
 * images any of them ingested. Reads are real-time (a blob is there as soon as its write is
 * acknowledged). A blob the cluster does not have is looked for in {@code local}: the collection's
 * folder, where blobs were kept before the blob index existed.
 */
final class OpenSearchBlobStore implements BlobStore {
  /** The blob index's name after the index prefix (no collection can be named so). */
  static final String SUFFIX = "_blobs";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final OpenSearchClient client;
  private final String index;
  private final String collectionIndex;
  private final BlobStore local;
  private volatile boolean ready;

  /**
   * @param indexPrefix {@code opensearch.index_prefix}
   * @param collectionIndex the index of the collection's chunks (what its blobs are keyed by)
   * @param local where blobs written before the blob index are
   */
  OpenSearchBlobStore(
      OpenSearchClient client, String indexPrefix, String collectionIndex, BlobStore local) {
    this.client = client;
    this.index = indexPrefix + SUFFIX;
    this.collectionIndex = collectionIndex;
    this.local = local;
  }

  private String key(String id) {
    return collectionIndex + "/" + id;
  }

  @Override
  public void put(String id, byte[] bytes, String mediaType) {
    BlobStore.requireId(id);
    if (!ready) {
      client.createIndexIfMissing(
          index,
          OpenSearchMapping.ownIndex(
              Map.of("collection", "keyword", "media_type", "keyword", "data", "binary")));
      ready = true;
    }
    ObjectNode source =
        JSON.createObjectNode()
            .put("collection", collectionIndex)
            .put("media_type", mediaType)
            .put("data", Base64.getEncoder().encodeToString(bytes));
    OpenSearchClient.BulkResult r =
        client.bulk(index, List.of(new OpenSearchClient.BulkAction.Index(key(id), source)), false);
    if (!r.failures().isEmpty()) {
      throw new IndexException(
          "OpenSearch refused blob " + id + " of " + collectionIndex + ": " + r.failures().get(0));
    }
  }

  @Override
  public Optional<Blob> get(String id) {
    if (!BlobStore.isId(id)) {
      return Optional.empty();
    }
    JsonNode source = client.getDocuments(index, List.of(key(id))).get(key(id));
    if (source == null) {
      return local.get(id);
    }
    return Optional.of(
        new Blob(
            Base64.getDecoder().decode(source.path("data").asText()),
            source.path("media_type").asText("application/octet-stream")));
  }

  /** Deletes a collection's blobs (its index is being deleted). */
  static void forget(OpenSearchClient client, String indexPrefix, String collectionIndex) {
    ObjectNode query = JSON.createObjectNode();
    query.putObject("term").put("collection", collectionIndex);
    client.deleteByQuery(indexPrefix + SUFFIX, query);
  }
}
