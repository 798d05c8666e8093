package dev.ragserver.index.lucene;

import dev.ragserver.config.SearchConfig;
import dev.ragserver.index.collection.BackendHealth;
import dev.ragserver.index.collection.CollectionBackend;
import dev.ragserver.index.collection.CollectionIndex;
import dev.ragserver.index.collection.CollectionManifest;
import dev.ragserver.index.collection.Guarantees;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * The embedded backend: each collection is a Lucene index in its folder ({@link LuceneCollection}).
 * It keeps every promise of {@link Guarantees}: upserts are atomic per document ({@code
 * updateDocuments}), a commit fsyncs, a refresh reopens the searcher, and closing commits.
 */
public final class LuceneBackend implements CollectionBackend {
  /** The name manifests use. */
  public static final String NAME = "lucene";

  static final Guarantees GUARANTEES = new Guarantees(true, true, true, true);

  private final WriteSettings refresh;
  private final SearchConfig search;
  private final Executor legs;

  /**
   * @param refresh how often searchers see new writes without a refresh
   * @param legs the threads that run search legs and rescoring slices
   */
  public LuceneBackend(WriteSettings refresh, SearchConfig search, Executor legs) {
    this.refresh = refresh;
    this.search = search;
    this.legs = legs;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean available() {
    return true;
  }

  @Override
  public Guarantees guarantees() {
    return GUARANTEES;
  }

  @Override
  public CollectionIndex create(Path dir, CollectionManifest manifest) {
    return LuceneCollection.create(dir, manifest, refresh, search, legs);
  }

  @Override
  public CollectionIndex open(Path dir, CollectionManifest manifest) {
    return LuceneCollection.open(dir, manifest, refresh, search, legs);
  }

  /** The index lives in the collection's folder, which the registry deletes. */
  @Override
  public void delete(Path dir, CollectionManifest manifest) {}

  @Override
  public Optional<BackendHealth> health() {
    return Optional.empty();
  }

  @Override
  public void close() {}
}
