package dev.ragserver.tools.bench.index;

import dev.ragserver.index.analysis.Analyzers;
import dev.ragserver.index.collection.CollectionIndex;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * Read-only access to the last commit of an embedded collection's Lucene index (its folder's {@code
 * index/}, as docs/operations.md lays it out), for tools that look under the API: exact search over
 * every vector, raw kNN timings. The collection itself exposes no searcher.
 */
public final class CommittedIndex {
  private CommittedIndex() {}

  /** Runs an action on a searcher over the collection's last commit. */
  public static <T> T withSearcher(CollectionIndex collection, Function<IndexSearcher, T> action) {
    Path dir = collection.directory().resolve("index");
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(
          "collection "
              + collection.manifest().name()
              + " is not on the embedded"
              + " Lucene backend (it has no folder "
              + dir
              + ")");
    }
    try (Directory directory = FSDirectory.open(dir);
        DirectoryReader reader = DirectoryReader.open(directory)) {
      IndexSearcher searcher = new IndexSearcher(reader);
      searcher.setSimilarity(Analyzers.similarity());
      return action.apply(searcher);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
