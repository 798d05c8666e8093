package dev.ragserver.index.collection;

import dev.ragserver.index.IndexException;
import dev.ragserver.index.blob.BlobStore;
import dev.ragserver.index.filter.Filter;
import dev.ragserver.index.schema.Chunk;
import dev.ragserver.index.schema.StoredChunk;
import dev.ragserver.index.search.SearchRequest;
import dev.ragserver.index.search.SearchResult;
import dev.ragserver.index.snapshot.SnapshotSink;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One open collection, whichever backend holds its chunks: the seam between everything above the
 * index (ingest, the HTTP API, the CLI, the eval harness) and the storage engine. The embedded
 * Lucene backend (package {@code lucene}) and the OpenSearch backend (package {@code opensearch})
 * implement it, and {@link CollectionBackend} opens them; what each promises about writes is its
 * {@link #guarantees()}, and the checks every backend shares run above the seam ({@link
 * ChunkChecks}). Implementations are thread-safe.
 */
public interface CollectionIndex extends AutoCloseable {
  /**
   * Hands the files of a consistent point-in-time copy to {@code sink}: every write acknowledged so
   * far is committed first, and writes and queries go on meanwhile.
   *
   * @return the chunks in the copy
   * @throws IndexException when this backend keeps its data elsewhere (a cluster's own snapshots)
   */
  default long snapshot(SnapshotSink sink) {
    throw new IndexException(
        "collection "
            + manifest().name()
            + " lives on backend "
            + manifest().backend()
            + ", whose snapshots this server does not take; use the backend's own snapshots");
  }

  /** The manifest: name, model, image model, settings. */
  CollectionManifest manifest();

  /** What this collection's backend promises about writes. */
  Guarantees guarantees();

  /** Original images and thumbnails of this collection (folder {@code blobs/}). */
  BlobStore blobs();

  /** The collection's folder (manifest, blobs, and for the embedded backend the index). */
  Path directory();

  /**
   * Replaces every chunk of each document named in {@code chunks} by the given ones: atomically per
   * document where {@link Guarantees#atomicDocumentUpsert()} (a search sees all of a document's old
   * chunks or all of its new ones). Not durable until {@link #commit()}.
   *
   * @return the number of documents written
   */
  int upsert(List<Chunk> chunks);

  /** Deletes every chunk of these documents. Not durable until {@link #commit()}. */
  void deleteDocuments(List<String> documentIds);

  /**
   * Deletes every chunk that matches the filter.
   *
   * @return how many chunks matched when the delete was issued (as of the latest refresh)
   */
  long deleteByFilter(Filter filter);

  /**
   * Makes every write so far durable where {@link Guarantees#durableOnCommit()}: it survives a
   * crash or {@code kill -9} once this returns.
   */
  void commit();

  /**
   * Merges the index down to at most {@code maxSegments} segments and commits: after a bulk load,
   * fewer segments make every query cheaper. Costly; run it when the collection is quiet.
   */
  void forceMerge(int maxSegments);

  /**
   * Makes every write so far visible to searches now (without waiting for the refresh interval).
   */
  void refresh();

  /**
   * Starts a bulk load: until the handle is closed, the embedded backend refreshes searchers every
   * {@code index.bulk_refresh_interval_ms} (fewer, larger segments: a better HNSW graph after the
   * merges, and less merging); the OpenSearch backend keeps the index's own refresh interval.
   * Ingest jobs hold one while they run.
   */
  default BulkLoad beginBulkLoad() {
    return BulkLoad.NONE;
  }

  /** Runs a hybrid query on the latest refreshed view. */
  SearchResult search(SearchRequest request);

  /** Every chunk of a document, in chunk order (empty when there is none). */
  List<StoredChunk> document(String documentId);

  /** Counts and size as of the latest refresh. */
  CollectionStats stats();

  /**
   * Ids of the documents that have at least one chunk, as of the latest refresh, in id order,
   * limited to those starting with {@code prefix} ("" for all).
   */
  List<String> documentIds(String prefix);

  /** The first chunk of a document (which carries its metadata), as of the latest refresh. */
  Optional<StoredChunk> firstChunk(String documentId);

  /**
   * Releases the collection's resources; pending writes are made durable only where {@link
   * Guarantees#commitsOnClose()}, so callers commit first.
   */
  @Override
  void close();
}
