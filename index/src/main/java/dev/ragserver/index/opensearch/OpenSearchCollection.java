package dev.ragserver.index.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ragserver.config.SearchConfig;
import dev.ragserver.index.IndexException;
import dev.ragserver.index.blob.BlobStore;
import dev.ragserver.index.blob.FileBlobStore;
import dev.ragserver.index.collection.CollectionIndex;
import dev.ragserver.index.collection.CollectionManifest;
import dev.ragserver.index.collection.CollectionStats;
import dev.ragserver.index.collection.Guarantees;
import dev.ragserver.index.filter.Filter;
import dev.ragserver.index.schema.Chunk;
import dev.ragserver.index.schema.ChunkFields;
import dev.ragserver.index.schema.StoredChunk;
import dev.ragserver.index.search.HybridSearcher;
import dev.ragserver.index.search.SearchRequest;
import dev.ragserver.index.search.SearchResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * The OpenSearch backend of a {@link CollectionIndex}: the chunks live in one OpenSearch index
 * ({@link OpenSearchMapping}), its image blobs in its blob index ({@link OpenSearchBlobStore}), its
 * manifest in the backend's catalog (cached in the local folder), and searches run through {@link
 * HybridSearcher} over an {@link OpenSearchSearchView} exactly as on the embedded backend. Every
 * chunk is indexed under its chunk id ({@code <document id>#<number>}), so a retried or re-run
 * upsert replaces instead of duplicating, and at its document's version ({@link DocumentVersions}),
 * so of several servers upserting one document at once the newest writer's chunks are what remains;
 * the chunk numbers an upsert no longer has are deleted in the same {@code _bulk}. Unlike the
 * embedded backend, OpenSearch has no multi-document transactions: a search that runs while an
 * upsert's {@code _bulk} is being applied can see part of the new chunks.
 */
public final class OpenSearchCollection implements CollectionIndex {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_CHUNKS_PER_DOCUMENT = 10_000;

  private final Path dir;
  private final CollectionManifest manifest;
  private final OpenSearchClient client;
  private final String index;
  private final BlobStore blobs;
  private final DocumentVersions versions;
  private final HybridSearcher hybrid;

  /**
   * @param dir the collection's local folder (the manifest's cache, blobs of earlier versions)
   * @param index the OpenSearch index that holds the chunks (created by {@link #createIndex})
   * @param indexPrefix {@code opensearch.index_prefix}: the backend's own indexes ({@code
   *     <prefix>_versions}) are named after it
   */
  public OpenSearchCollection(
      Path dir,
      CollectionManifest manifest,
      OpenSearchClient client,
      String index,
      String indexPrefix,
      SearchConfig search,
      Executor legExecutor) {
    this.dir = dir;
    this.manifest = manifest;
    this.client = client;
    this.index = index;
    this.blobs = new OpenSearchBlobStore(client, index, new FileBlobStore(dir.resolve("blobs")));
    this.versions = new DocumentVersions(client, indexPrefix);
    this.hybrid = HybridSearcher.forCollection(dir, manifest, search, legExecutor);
  }

  /** Creates the collection's index on the cluster. */
  public static void createIndex(
      OpenSearchClient client,
      String index,
      CollectionManifest manifest,
      int shards,
      int replicas) {
    client.createIndex(index, OpenSearchMapping.forCollection(manifest, shards, replicas));
  }

  /** The OpenSearch index name. */
  public String index() {
    return index;
  }

  @Override
  public CollectionManifest manifest() {
    return manifest;
  }

  @Override
  public Guarantees guarantees() {
    return OpenSearchBackend.GUARANTEES;
  }

  @Override
  public BlobStore blobs() {
    return blobs;
  }

  @Override
  public Path directory() {
    return dir;
  }

  /**
   * Writes each document's chunks at a version newer than any earlier writer's ({@link
   * DocumentVersions}): of two servers upserting one document at once, the document ends with
   * exactly the chunks of the one whose ticket is newer, never a mixture.
   *
   * @throws IllegalArgumentException when a chunk's id is not {@link Chunk#idOf} its document and
   *     number (nothing is written)
   */
  @Override
  public int upsert(List<Chunk> chunks) {
    Map<String, List<Chunk>> byDocument = new LinkedHashMap<>();
    for (Chunk c : chunks) {
      if (!c.hasPositionalId()) {
        throw new IllegalArgumentException(
            "on OpenSearch a chunk's id must be <document id>#<chunk number> ("
                + Chunk.idOf(c.documentId(), c.chunkNumber())
                + "), got: "
                + c.chunkId());
      }
      byDocument.computeIfAbsent(c.documentId(), d -> new ArrayList<>()).add(c);
    }
    Map<String, Integer> counts = new LinkedHashMap<>();
    byDocument.forEach((doc, list) -> counts.put(doc, list.size()));
    Map<String, DocumentVersions.Ticket> tickets = write(counts, byDocument);
    settle(tickets.values());
    return byDocument.size();
  }

  /**
   * Takes the tickets, then in one {@code _bulk} indexes each document's chunks at its version and
   * deletes at that version every other chunk number a writer may have left.
   */
  private Map<String, DocumentVersions.Ticket> write(
      Map<String, Integer> counts, Map<String, List<Chunk>> byDocument) {
    Map<String, DocumentVersions.Ticket> tickets = versions.take(index, counts);
    Set<String> first = new LinkedHashSet<>();
    tickets.values().stream()
        .filter(DocumentVersions.Ticket::first)
        .forEach(t -> first.add(t.documentId()));
    // a document's first ticket: chunks written before versions existed are found by a search
    Map<String, List<String>> unversioned = chunkIds(first);
    List<OpenSearchClient.BulkAction> actions = new ArrayList<>();
    for (DocumentVersions.Ticket t : tickets.values()) {
      long v = t.version();
      Set<String> fresh = new LinkedHashSet<>();
      for (Chunk c : byDocument.getOrDefault(t.documentId(), List.of())) {
        fresh.add(c.chunkId());
        actions.add(
            new OpenSearchClient.BulkAction.Index(
                c.chunkId(),
                OpenSearchDocuments.source(c, manifest.settings().multiVectorPrecision()),
                v));
      }
      for (int n = t.chunks(); n < t.most(); n++) {
        String stale = Chunk.idOf(t.documentId(), n);
        fresh.add(stale);
        actions.add(new OpenSearchClient.BulkAction.Delete(stale, v));
      }
      for (String stale : unversioned.getOrDefault(t.documentId(), List.of())) {
        if (fresh.add(stale)) {
          actions.add(new OpenSearchClient.BulkAction.Delete(stale, v));
        }
      }
    }
    requireApplied(client.bulk(index, actions, false));
    return tickets;
  }

  /**
   * After the write: where a newer ticket was taken meanwhile, deletes this writer's chunks that
   * still carry its version; where this ticket is still the newest, records its chunk count.
   */
  private void settle(Collection<DocumentVersions.Ticket> tickets) {
    Map<String, Long> now =
        versions.current(index, tickets.stream().map(DocumentVersions.Ticket::documentId).toList());
    List<OpenSearchClient.BulkAction> undo = new ArrayList<>();
    List<DocumentVersions.Ticket> newest = new ArrayList<>();
    for (DocumentVersions.Ticket t : tickets) {
      if (now.getOrDefault(t.documentId(), t.version()) > t.version()) {
        for (int n = 0; n < t.chunks(); n++) {
          undo.add(
              new OpenSearchClient.BulkAction.Delete(Chunk.idOf(t.documentId(), n), t.version()));
        }
      } else if (t.chunks() < t.most()) {
        newest.add(t);
      }
    }
    if (!undo.isEmpty()) {
      requireApplied(client.bulk(index, undo, false));
    }
    versions.shrink(index, newest);
  }

  private void requireApplied(OpenSearchClient.BulkResult r) {
    if (!r.failures().isEmpty()) {
      throw new IndexException(
          "OpenSearch refused "
              + r.failures().size()
              + " chunks of collection "
              + manifest.name()
              + ": "
              + String.join("; ", r.failures().subList(0, Math.min(5, r.failures().size()))));
    }
  }

  /**
   * The chunk ids the index holds for these documents, in one search (one per document only when
   * they have more than {@value #MAX_CHUNKS_PER_DOCUMENT} chunks together).
   */
  private Map<String, List<String>> chunkIds(Set<String> documentIds) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (documentIds.isEmpty()) {
      return out;
    }
    ObjectNode b =
        JSON.createObjectNode().put("size", MAX_CHUNKS_PER_DOCUMENT).put("track_total_hits", true);
    b.putArray("_source").add(ChunkFields.DOC_ID);
    ArrayNode ids = b.putObject("query").putObject("terms").putArray(ChunkFields.DOC_ID);
    documentIds.forEach(ids::add);
    JsonNode hits = client.msearch(index, List.of(b)).get(0).path("hits");
    if (hits.at("/total/value").asLong() > MAX_CHUNKS_PER_DOCUMENT && documentIds.size() > 1) {
      for (String id : documentIds) {
        out.putAll(chunkIds(Set.of(id)));
      }
      return out;
    }
    for (JsonNode hit : hits.path("hits")) {
      out.computeIfAbsent(hit.at("/_source/" + ChunkFields.DOC_ID).asText(), d -> new ArrayList<>())
          .add(hit.get("_id").asText());
    }
    return out;
  }

  /**
   * Deletes the documents as an upsert of no chunks would: at a version newer than any earlier
   * writer's, so a slower upsert that started before cannot bring them back.
   */
  @Override
  public void deleteDocuments(List<String> documentIds) {
    if (documentIds.isEmpty()) {
      return;
    }
    Map<String, Integer> none = new LinkedHashMap<>();
    documentIds.forEach(d -> none.put(d, 0));
    settle(write(none, Map.of()).values());
  }

  @Override
  public long deleteByFilter(Filter filter) {
    ObjectNode b = JSON.createObjectNode();
    b.set("query", OpenSearchFilters.toQuery(filter));
    return client
        .call("POST", "/" + index + "/_delete_by_query?conflicts=proceed&refresh=false", b)
        .path("deleted")
        .asLong();
  }

  /**
   * Makes the writes visible. They are durable already: OpenSearch fsyncs its translog before it
   * acknowledges a bulk request (the default {@code index.translog.durability: request}).
   */
  @Override
  public void commit() {
    client.refresh(index);
  }

  @Override
  public void forceMerge(int maxSegments) {
    client.call("POST", "/" + index + "/_forcemerge?max_num_segments=" + maxSegments, null);
  }

  @Override
  public void refresh() {
    client.refresh(index);
  }

  @Override
  public SearchResult search(SearchRequest request) {
    return hybrid.search(new OpenSearchSearchView(client, index), request);
  }

  private List<StoredChunk> chunks(String documentId, int size) {
    ObjectNode b = OpenSearchSearchView.body(size);
    b.putArray("sort").addObject().put(ChunkFields.CHUNK_NO, "asc");
    b.putObject("query").putObject("term").put(ChunkFields.DOC_ID, documentId);
    List<StoredChunk> out = new ArrayList<>();
    for (JsonNode hit : client.msearch(index, List.of(b)).get(0).path("hits").path("hits")) {
      out.add(OpenSearchDocuments.storedChunk(hit.get("_source")));
    }
    return out;
  }

  @Override
  public List<StoredChunk> document(String documentId) {
    return chunks(documentId, MAX_CHUNKS_PER_DOCUMENT);
  }

  @Override
  public Optional<StoredChunk> firstChunk(String documentId) {
    return chunks(documentId, 1).stream().findFirst();
  }

  @Override
  public CollectionStats stats() {
    ObjectNode b = JSON.createObjectNode().put("size", 0).put("track_total_hits", true);
    b.putObject("aggs")
        .putObject("documents")
        .putObject("cardinality")
        .put("field", ChunkFields.DOC_ID)
        .put("precision_threshold", 40_000);
    JsonNode r = client.msearch(index, List.of(b)).get(0);
    JsonNode stats =
        client
            .call("GET", "/" + index + "/_stats/store,segments", null)
            .path("indices")
            .path(index)
            .path("primaries");
    return new CollectionStats(
        r.at("/aggregations/documents/value").asLong(),
        r.at("/hits/total/value").asLong(),
        stats.at("/segments/count").asInt(),
        stats.at("/store/size_in_bytes").asLong());
  }

  @Override
  public List<String> documentIds(String prefix) {
    List<String> out = new ArrayList<>();
    JsonNode after = null;
    while (true) {
      ObjectNode b = JSON.createObjectNode().put("size", 0);
      if (!prefix.isEmpty()) {
        b.putObject("query").putObject("prefix").put(ChunkFields.DOC_ID, prefix);
      }
      ObjectNode composite =
          b.putObject("aggs").putObject("ids").putObject("composite").put("size", 1000);
      composite
          .putArray("sources")
          .addObject()
          .putObject("id")
          .putObject("terms")
          .put("field", ChunkFields.DOC_ID);
      if (after != null) {
        composite.set("after", after);
      }
      JsonNode agg = client.msearch(index, List.of(b)).get(0).at("/aggregations/ids");
      for (JsonNode bucket : agg.path("buckets")) {
        out.add(bucket.at("/key/id").asText());
      }
      if (agg.path("buckets").size() < 1000 || !agg.has("after_key")) {
        return out;
      }
      after = agg.get("after_key");
    }
  }

  /** The cluster keeps the index; closing releases nothing here (the client is shared). */
  @Override
  public void close() {}
}
