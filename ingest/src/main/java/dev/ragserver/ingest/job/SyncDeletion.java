package dev.ragserver.ingest.job;

import dev.ragserver.index.collection.CollectionIndex;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code --sync}: the documents of a plan's folders (and named files) whose files are gone, so that
 * the job can delete them. A document is the plan's when its id is a named file or lies under a
 * named folder; it is gone when the plan did not list it and no file has its path.
 */
final class SyncDeletion {
  private SyncDeletion() {}

  /** The ids of the collection's documents that the plan owns and whose files are gone. */
  static List<String> gone(IngestPlan plan, CollectionIndex index) {
    Set<String> inPlan = new HashSet<>();
    for (IngestInput input : plan.inputs()) {
      inPlan.add(input.documentId());
    }
    List<String> gone = new ArrayList<>();
    for (String scope : plan.syncScopes()) {
      for (String docId : index.documentIds(scope)) {
        boolean owned = scope.equals(docId) || scope.endsWith(File.separator);
        if (owned && !inPlan.contains(docId) && !exists(docId)) {
          gone.add(docId);
        }
      }
    }
    return gone;
  }

  private static boolean exists(String path) {
    try {
      return Files.exists(Path.of(path));
    } catch (RuntimeException e) {
      return false;
    }
  }
}
