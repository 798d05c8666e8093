package dev.ragserver.index.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ragserver.index.IndexException;
import dev.ragserver.index.collection.CollectionManifest;
import dev.ragserver.index.collection.CollectionRegistry;
import dev.ragserver.index.snapshot.ClusterSnapshots;
import dev.ragserver.index.snapshot.SnapshotInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Snapshots of OpenSearch collections in the cluster's own repository ({@code
 * opensearch.snapshot_repository}): {@code PUT _snapshot/REPO/ID} over the chunk and blob indices,
 * with the catalog entry (the manifest) and the chunk count in the snapshot's {@code metadata};
 * restore is {@code _restore} renaming the indices to the new collection's, then its catalog entry.
 * The cluster makes each shard's copy consistent while writes go on.
 */
final class OpenSearchSnapshots implements ClusterSnapshots {
  private final OpenSearchClient client;
  private final String repository;
  private final String indexPrefix;
  private final String catalogIndex;

  OpenSearchSnapshots(
      OpenSearchClient client, String repository, String indexPrefix, String catalogIndex) {
    this.client = client;
    this.repository = repository;
    this.indexPrefix = indexPrefix;
    this.catalogIndex = catalogIndex;
  }

  @Override
  public String repository() {
    return repository;
  }

  @Override
  public SnapshotInfo create(CollectionManifest manifest, String id) {
    String index = manifest.opensearch().index();
    client.refresh(index);
    long chunks = client.count(index);
    ObjectNode body = OpenSearchClient.JSON.createObjectNode();
    body.put("indices", index + "," + OpenSearchBlobStore.index(index));
    body.put("ignore_unavailable", true); // a collection without images has no blob index
    body.put("include_global_state", false);
    ObjectNode meta = body.putObject("metadata");
    meta.put("rag_collection", manifest.name());
    meta.put("rag_created", Instant.now().toString());
    meta.put("rag_chunks", chunks);
    meta.set("rag_manifest", manifest.toJson());
    JsonNode r = client.call("PUT", path(id) + "?wait_for_completion=true", body).path("snapshot");
    if (!"SUCCESS".equals(r.path("state").asText())) {
      throw new IndexException(
          "the cluster's snapshot "
              + id
              + " of "
              + manifest.name()
              + " ended "
              + r.path("state").asText()
              + ": "
              + r.path("failures"));
    }
    return info(r);
  }

  @Override
  public List<SnapshotInfo> list(String collection) {
    List<SnapshotInfo> out = new ArrayList<>();
    for (JsonNode s :
        client.call("GET", "/_snapshot/" + repository + "/_all", null).path("snapshots")) {
      if (collection.equals(s.path("metadata").path("rag_collection").asText())
          && "SUCCESS".equals(s.path("state").asText())) {
        out.add(info(s));
      }
    }
    out.sort(Comparator.comparing(SnapshotInfo::created).thenComparing(SnapshotInfo::id));
    return out;
  }

  @Override
  public boolean delete(String collection, String id) {
    if (snapshot(collection, id).isEmpty()) {
      return false;
    }
    client.call("DELETE", path(id), null);
    return true;
  }

  @Override
  public CollectionManifest restore(String collection, String id, String name) {
    JsonNode snapshot =
        snapshot(collection, id)
            .orElseThrow(
                () ->
                    new IndexException(
                        "collection "
                            + collection
                            + " has no snapshot "
                            + id
                            + " in "
                            + repository));
    CollectionManifest old =
        CollectionManifest.fromJson(snapshot.path("metadata").path("rag_manifest"));
    String from = old.opensearch().index();
    String to = indexPrefix + name;
    CollectionManifest target =
        new CollectionManifest(
            old.schemaVersion(),
            name,
            Instant.now().toString(),
            old.model(),
            old.imageModel(),
            old.settings(),
            new CollectionManifest.OpenSearchIndex(
                to, old.opensearch().shards(), old.opensearch().replicas()));
    if (client.getDocument(catalogIndex, name).isPresent()) {
      throw new CollectionRegistry.CollectionExistsException(name);
    }
    ObjectNode body = OpenSearchClient.JSON.createObjectNode();
    List<String> indices = new ArrayList<>();
    snapshot.path("indices").forEach(i -> indices.add(i.asText()));
    body.put("indices", String.join(",", indices));
    body.put("include_global_state", false);
    body.put("rename_pattern", "^" + Pattern.quote(from) + "(.*)$");
    body.put("rename_replacement", to + "$1");
    client.call("POST", path(id) + "/_restore?wait_for_completion=true", body);
    if (!client.createDocument(catalogIndex, name, target.toJson())) {
      client.deleteIndex(to);
      client.deleteIndex(OpenSearchBlobStore.index(to));
      throw new CollectionRegistry.CollectionExistsException(name);
    }
    return target;
  }

  @Override
  public Optional<SnapshotInfo> find(String collection, String id) {
    return snapshot(collection, id).map(OpenSearchSnapshots::info);
  }

  private Optional<JsonNode> snapshot(String collection, String id) {
    OpenSearchClient.Reply r = client.send("GET", path(id), null, null);
    if (r.status() == 404) {
      return Optional.empty();
    }
    if (r.status() / 100 != 2) {
      throw new IndexException("OpenSearch GET " + path(id) + " answered " + r.status());
    }
    for (JsonNode s : r.body().path("snapshots")) {
      if (collection.equals(s.path("metadata").path("rag_collection").asText())) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  private String path(String id) {
    return "/_snapshot/" + repository + "/" + id;
  }

  private static SnapshotInfo info(JsonNode s) {
    JsonNode m = s.path("metadata");
    return new SnapshotInfo(
        s.path("snapshot").asText(),
        m.path("rag_collection").asText(),
        m.path("rag_created").asText(),
        m.path("rag_chunks").asLong(),
        List.of());
  }
}
