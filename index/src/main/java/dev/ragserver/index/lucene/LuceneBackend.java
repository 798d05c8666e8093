package dev.ragserver.index.lucene;

import dev.ragserver.config.SearchConfig;
import dev.ragserver.index.IndexException;
import dev.ragserver.index.collection.BackendHealth;
import dev.ragserver.index.collection.CollectionBackend;
import dev.ragserver.index.collection.CollectionIndex;
import dev.ragserver.index.collection.CollectionManifest;
import dev.ragserver.index.collection.Guarantees;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.apache.lucene.index.CheckIndex;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

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

  /** Lucene's CheckIndex over the restored index: every segment read back and its checksums. */
  @Override
  public void checkRestored(Path dir, CollectionManifest manifest) {
    try (Directory d = FSDirectory.open(dir.resolve(LuceneCollection.INDEX_DIR));
        CheckIndex check = new CheckIndex(d)) {
      check.setLevel(CheckIndex.Level.MIN_LEVEL_FOR_CHECKSUM_CHECKS);
      CheckIndex.Status status = check.checkIndex();
      if (!status.clean) {
        throw new IndexException(
            "the snapshot's index of "
                + manifest.name()
                + " is damaged: CheckIndex found "
                + (status.missingSegments
                    ? "missing segments"
                    : status.totLoseDocCount + " unreadable documents"));
      }
    } catch (IOException e) {
      throw new IndexException(
          "the snapshot's index of " + manifest.name() + " cannot be read: " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<BackendHealth> health() {
    return Optional.empty();
  }

  @Override
  public void close() {}
}
