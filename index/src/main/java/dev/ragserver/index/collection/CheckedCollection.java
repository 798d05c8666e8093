package dev.ragserver.index.collection;

import dev.ragserver.index.blob.BlobStore;
import dev.ragserver.index.filter.Filter;
import dev.ragserver.index.schema.Chunk;
import dev.ragserver.index.schema.StoredChunk;
import dev.ragserver.index.search.SearchRequest;
import dev.ragserver.index.search.SearchResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A backend's collection as the registry hands it out: the checks every backend shares ({@link
 * ChunkChecks}, document ids) run here, once, before the backend sees a write. Once closed (the
 * collection was deleted, or the server stops), every call, including one already running when it
 * closed, fails as {@link CollectionRegistry.UnknownCollectionException} rather than with the
 * backend's own "already closed" error or a missing index file.
 */
final class CheckedCollection implements CollectionIndex {
  private final CollectionIndex backend;
  private volatile boolean closed;

  private <T> T open(java.util.function.Supplier<T> call) {
    if (closed) {
      throw gone();
    }
    try {
      return call.get();
    } catch (RuntimeException e) {
      if (closed) {
        throw gone();
      }
      throw e;
    }
  }

  private void open(Runnable call) {
    open(
        () -> {
          call.run();
          return null;
        });
  }

  private CollectionRegistry.UnknownCollectionException gone() {
    return new CollectionRegistry.UnknownCollectionException(backend.manifest().name());
  }

  CheckedCollection(CollectionIndex backend) {
    this.backend = Objects.requireNonNull(backend, "backend");
  }

  @Override
  public long snapshot(dev.ragserver.index.snapshot.SnapshotSink sink) {
    return open(() -> backend.snapshot(sink));
  }

  @Override
  public CollectionManifest manifest() {
    return backend.manifest();
  }

  @Override
  public Guarantees guarantees() {
    return backend.guarantees();
  }

  @Override
  public BlobStore blobs() {
    return backend.blobs();
  }

  @Override
  public Path directory() {
    return backend.directory();
  }

  @Override
  public int upsert(List<Chunk> chunks) {
    ChunkChecks.checkAll(backend.manifest(), chunks);
    return open(() -> backend.upsert(chunks));
  }

  @Override
  public void deleteDocuments(List<String> documentIds) {
    for (String id : documentIds) {
      if (id == null || id.isEmpty()) {
        throw new IllegalArgumentException("document ids must be non-empty, got: " + documentIds);
      }
    }
    open(() -> backend.deleteDocuments(documentIds));
  }

  @Override
  public long deleteByFilter(Filter filter) {
    Objects.requireNonNull(filter, "filter");
    return open(() -> backend.deleteByFilter(filter));
  }

  @Override
  public void commit() {
    open(backend::commit);
  }

  @Override
  public void forceMerge(int maxSegments) {
    if (maxSegments < 1) {
      throw new IllegalArgumentException("max segments must be at least 1, got: " + maxSegments);
    }
    open(() -> backend.forceMerge(maxSegments));
  }

  @Override
  public void refresh() {
    open(backend::refresh);
  }

  @Override
  public BulkLoad beginBulkLoad() {
    return open(backend::beginBulkLoad);
  }

  @Override
  public SearchResult search(SearchRequest request) {
    return open(() -> backend.search(request));
  }

  @Override
  public List<StoredChunk> document(String documentId) {
    return open(() -> backend.document(documentId));
  }

  @Override
  public CollectionStats stats() {
    return open(backend::stats);
  }

  @Override
  public List<String> documentIds(String prefix) {
    return open(() -> backend.documentIds(prefix));
  }

  @Override
  public Optional<StoredChunk> firstChunk(String documentId) {
    return open(() -> backend.firstChunk(documentId));
  }

  @Override
  public void close() {
    closed = true;
    backend.close();
  }
}
