package dev.ragserver.index.lucene;

import dev.ragserver.index.TestCollections;
import dev.ragserver.index.collection.CollectionContract;
import dev.ragserver.index.collection.CollectionIndex;
import dev.ragserver.index.collection.CollectionRegistry;
import dev.ragserver.index.collection.Guarantees;
import java.nio.file.Path;

/** The backend contract on the embedded Lucene backend: it keeps every guarantee. */
class LuceneContractTest extends CollectionContract {
  @Override
  protected CollectionRegistry registry(Path folder) {
    return TestCollections.registry(folder);
  }

  @Override
  protected CollectionIndex create(CollectionRegistry registry, String name) {
    return TestCollections.create(registry, name);
  }

  @Override
  protected Guarantees expectedGuarantees() {
    return new Guarantees(true, true, true, true);
  }
}
