package dev.ragserver.ingest.job;

import dev.ragserver.index.collection.CollectionIndex;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code --sync}: the documents of a plan's folders (and named files) whose files are gone, so that
 * the job can delete them. A document is the plan's when its id is a named file's or lies under a
 * named folder's; it is gone when the plan neither lists it nor reports a failure for it (a file
 * that could not be read this time keeps its document).
 */
final class SyncDeletion {
  private SyncDeletion() {}

  /** The ids of the collection's documents that the plan owns and whose files are gone. */
  static List<String> gone(IngestPlan plan, CollectionIndex index) {
    Set<String> inPlan = new HashSet<>();
    for (IngestInput input : plan.inputs()) {
      inPlan.add(input.documentId());
    }
    for (FileFailure f : plan.walkFailures()) {
      inPlan.add(f.path());
    }
    List<String> gone = new ArrayList<>();
    for (String scope : plan.syncScopes()) {
      for (String docId : index.documentIds(scope)) {
        boolean owned = scope.equals(docId) || scope.endsWith("/");
        if (owned && !inPlan.contains(docId)) {
          gone.add(docId);
        }
      }
    }
    return gone;
  }
}
