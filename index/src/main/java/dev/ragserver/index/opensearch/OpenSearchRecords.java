package dev.ragserver.index.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ragserver.index.IndexException;
import dev.ragserver.index.collection.SharedRecords;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link SharedRecords} in one of the backend's own indexes ({@code <index_prefix>_jobs} for job
 * statuses): a merge is a partial update with upsert on the record's primary shard (the cluster
 * retries it on a version conflict), a get is real-time. The record is kept as given, not indexed,
 * apart from its {@code collection} field.
 */
final class OpenSearchRecords implements SharedRecords {
  /** The job records' index name after the index prefix (no collection can be named so). */
  static final String JOBS_SUFFIX = "_jobs";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final OpenSearchClient client;
  private final String index;
  private final ObjectNode mapping;
  private volatile boolean ready;

  /**
   * @param fields the record's top-level fields and their types, as {@link
   *     OpenSearchMapping#ownIndex} takes them
   */
  OpenSearchRecords(OpenSearchClient client, String index, Map<String, String> fields) {
    this.client = client;
    this.index = index;
    this.mapping = OpenSearchMapping.ownIndex(fields);
  }

  /** The job records of a backend: a job's collection, server, time, cancel flag and status. */
  static OpenSearchRecords jobs(OpenSearchClient client, String indexPrefix) {
    return new OpenSearchRecords(
        client,
        indexPrefix + JOBS_SUFFIX,
        Map.of(
            "collection", "keyword",
            "server", "keyword",
            "updated_at", "long",
            "cancel_requested", "boolean",
            "status", "object"));
  }

  @Override
  public JsonNode merge(String id, ObjectNode fields) {
    if (!ready) {
      client.createIndexIfMissing(index, mapping);
      ready = true;
    }
    ObjectNode body = JSON.createObjectNode();
    body.set("doc", fields);
    body.put("doc_as_upsert", true).put("_source", true);
    OpenSearchClient.BulkResult r =
        client.bulk(index, List.of(new OpenSearchClient.BulkAction.Update(id, body)), false);
    if (!r.failures().isEmpty()) {
      throw new IndexException(
          "OpenSearch refused record " + id + " in " + index + ": " + r.failures().get(0));
    }
    return r.items().get(0).at("/get/_source");
  }

  @Override
  public Optional<JsonNode> get(String id) {
    return Optional.ofNullable(client.getDocuments(index, List.of(id)).get(id));
  }
}
