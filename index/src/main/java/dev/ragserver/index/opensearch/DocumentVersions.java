package dev.ragserver.index.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ragserver.index.IndexException;
import dev.ragserver.index.blob.BlobStore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which writer's chunks a document keeps when several servers upsert it at once. OpenSearch has no
 * multi-document transactions, so every upsert of a document first takes a <em>ticket</em> from the
 * document's head record in the versions index ({@code <index_prefix>_versions}, one record per
 * collection × document, updated atomically by a script on its primary shard): a version higher
 * than every earlier ticket's (the writer's clock in microseconds, or the last version + 1 when
 * that is higher), and the most chunks any writer of the document has had.
 *
 * <p>The writer then indexes its chunks at that version ({@code version_type: external_gte}) and
 * deletes, at the same version, every chunk number up to that most; the cluster keeps whichever
 * write of a chunk id has the higher version, and remembers a delete for {@code index.gc_deletes}
 * (60 s by default), so a slower writer with a lower ticket cannot overwrite or bring back the
 * newer writer's chunks. Once its bulk is applied, a writer reads the head again: if a newer ticket
 * was taken meanwhile, it deletes the chunks it wrote that still carry its version (the newer ones
 * are left alone), which covers a write that arrives after the remembered delete expired. Whatever
 * the interleaving, a document ends with exactly the chunks of its newest writer.
 */
final class DocumentVersions {
  /** The versions index's name after the index prefix (no collection can be named so). */
  static final String SUFFIX = "_versions";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Takes a ticket: a version above the last, and the most chunks seen. */
  private static final String TAKE =
      "long last = ctx._source.v == null ? 0L : ((Number) ctx._source.v).longValue();"
          + " ctx._source.v = Math.max(last + 1, ((Number) params.now).longValue());"
          + " int most = ctx._source.n == null ? 0 : ((Number) ctx._source.n).intValue();"
          + " ctx._source.n = Math.max(most, ((Number) params.c).intValue());"
          + " ctx._source.collection = params.collection; ctx._source.doc_id = params.doc;";

  /** Lowers the most chunks seen to the writer's, unless a newer ticket was taken since. */
  private static final String SHRINK =
      "if (((Number) ctx._source.v).longValue() == ((Number) params.v).longValue())"
          + " { ctx._source.n = ((Number) params.c).intValue(); } else { ctx.op = 'noop'; }";

  /** OpenSearch's limit on a document id, in UTF-8 bytes. */
  private static final int MAX_ID_BYTES = 512;

  private final OpenSearchClient client;
  private final String index;
  private volatile boolean ready;

  /**
   * A writer's ticket for one document.
   *
   * @param documentId the document
   * @param version the version its chunks are written at
   * @param chunks how many chunks this writer has
   * @param most the most chunks any writer of the document has had (at least {@code chunks})
   * @param first whether no writer had taken a ticket for this document before (it may still have
   *     chunks written before the versions index existed)
   */
  record Ticket(String documentId, long version, int chunks, int most, boolean first) {
    Ticket {
      if (most < chunks) {
        throw new IllegalArgumentException(
            "a ticket's most chunks must be at least its own " + chunks + ", got: " + most);
      }
    }
  }

  /**
   * @param indexPrefix {@code opensearch.index_prefix}
   */
  DocumentVersions(OpenSearchClient client, String indexPrefix) {
    this.client = client;
    this.index = indexPrefix + SUFFIX;
  }

  /** The versions index's name. */
  String index() {
    return index;
  }

  /** The head record's id: the collection's index and the document id (hashed when too long). */
  static String headId(String collectionIndex, String documentId) {
    String id = collectionIndex + "/" + documentId;
    return id.getBytes(StandardCharsets.UTF_8).length <= MAX_ID_BYTES
        ? id
        : collectionIndex + "/#" + BlobStore.idOf(documentId.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Takes one ticket per document, in one {@code _bulk}.
   *
   * @param chunkCounts each document's chunk count in this write (0 to delete it)
   */
  Map<String, Ticket> take(String collectionIndex, Map<String, Integer> chunkCounts) {
    ensureIndex();
    Instant t = Instant.now();
    long now = t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    List<String> docs = new ArrayList<>(chunkCounts.keySet());
    List<OpenSearchClient.BulkAction> actions = new ArrayList<>();
    for (String doc : docs) {
      ObjectNode body = JSON.createObjectNode();
      ObjectNode script = body.putObject("script").put("lang", "painless").put("source", TAKE);
      script
          .putObject("params")
          .put("now", now)
          .put("c", chunkCounts.get(doc))
          .put("collection", collectionIndex)
          .put("doc", doc);
      body.put("scripted_upsert", true).put("_source", true).putObject("upsert");
      actions.add(new OpenSearchClient.BulkAction.Update(headId(collectionIndex, doc), body));
    }
    OpenSearchClient.BulkResult r = client.bulk(index, actions, false);
    requireApplied(r, "take versions for");
    Map<String, Ticket> out = new LinkedHashMap<>();
    for (int i = 0; i < docs.size(); i++) {
      JsonNode item = r.items().get(i);
      JsonNode head = item.at("/get/_source");
      out.put(
          docs.get(i),
          new Ticket(
              docs.get(i),
              head.path("v").asLong(),
              chunkCounts.get(docs.get(i)),
              head.path("n").asInt(),
              "created".equals(item.path("result").asText())));
    }
    return out;
  }

  /** The current version of each document that has a head record, read in real time. */
  Map<String, Long> current(String collectionIndex, Collection<String> documentIds) {
    Map<String, String> byHead = new LinkedHashMap<>();
    documentIds.forEach(d -> byHead.put(headId(collectionIndex, d), d));
    Map<String, Long> out = new LinkedHashMap<>();
    client
        .getDocuments(index, List.copyOf(byHead.keySet()))
        .forEach((id, source) -> out.put(byHead.get(id), source.path("v").asLong()));
    return out;
  }

  /**
   * Lowers each ticket's document's most chunks to the ticket's own, where the ticket is still the
   * newest: the next writer then deletes only the chunk numbers this one left.
   */
  void shrink(String collectionIndex, List<Ticket> tickets) {
    if (tickets.isEmpty()) {
      return;
    }
    List<OpenSearchClient.BulkAction> actions = new ArrayList<>();
    for (Ticket t : tickets) {
      ObjectNode body = JSON.createObjectNode();
      ObjectNode script = body.putObject("script").put("lang", "painless").put("source", SHRINK);
      script.putObject("params").put("v", t.version()).put("c", t.chunks());
      actions.add(
          new OpenSearchClient.BulkAction.Update(headId(collectionIndex, t.documentId()), body));
    }
    requireApplied(client.bulk(index, actions, false), "record the chunk counts of");
  }

  /** Deletes the head records of a collection (its index is being deleted). */
  void forget(String collectionIndex) {
    ObjectNode query = JSON.createObjectNode();
    query.putObject("term").put("collection", collectionIndex);
    client.deleteByQuery(index, query);
  }

  private void requireApplied(OpenSearchClient.BulkResult r, String what) {
    if (!r.failures().isEmpty()) {
      throw new IndexException(
          "OpenSearch could not "
              + what
              + " "
              + r.failures().size()
              + " documents in "
              + index
              + ": "
              + String.join("; ", r.failures().subList(0, Math.min(5, r.failures().size()))));
    }
  }

  /** Creates the versions index the first time this server needs it. */
  private void ensureIndex() {
    if (ready) {
      return;
    }
    ObjectNode body =
        OpenSearchMapping.ownIndex(
            Map.of("collection", "keyword", "doc_id", "keyword", "v", "long", "n", "integer"));
    client.createIndexIfMissing(index, body);
    ready = true;
  }
}
