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
 * ChunkChecks}, document ids) run here, once, before the backend sees a write.
 */
final class CheckedCollection implements CollectionIndex {
  private final CollectionIndex backend;

  CheckedCollection(CollectionIndex backend) {
    this.backend = Objects.requireNonNull(backend, "backend");
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
    return backend.upsert(chunks);
  }

  @Override
  public void deleteDocuments(List<String> documentIds) {
    for (String id : documentIds) {
      if (id == null || id.isEmpty()) {
        throw new IllegalArgumentException("document ids must be non-empty, got: " + documentIds);
      }
    }
    backend.deleteDocuments(documentIds);
  }

  @Override
  public long deleteByFilter(Filter filter) {
    return backend.deleteByFilter(Objects.requireNonNull(filter, "filter"));
  }

  @Override
  public void commit() {
    backend.commit();
  }

  @Override
  public void forceMerge(int maxSegments) {
    if (maxSegments < 1) {
      throw new IllegalArgumentException("max segments must be at least 1, got: " + maxSegments);
    }
    backend.forceMerge(maxSegments);
  }

  @Override
  public void refresh() {
    backend.refresh();
  }

  @Override
  public SearchResult search(SearchRequest request) {
    return backend.search(request);
  }

  @Override
  public List<StoredChunk> document(String documentId) {
    return backend.document(documentId);
  }

  @Override
  public CollectionStats stats() {
    return backend.stats();
  }

  @Override
  public List<String> documentIds(String prefix) {
    return backend.documentIds(prefix);
  }

  @Override
  public Optional<StoredChunk> firstChunk(String documentId) {
    return backend.firstChunk(documentId);
  }

  @Override
  public void close() {
    backend.close();
  }
}
