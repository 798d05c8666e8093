package dev.ragserver.index.collection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragserver.index.TestCollections;
import dev.ragserver.index.schema.Chunk;
import dev.ragserver.index.search.Hit;
import dev.ragserver.index.search.Leg;
import dev.ragserver.index.search.LegSpec;
import dev.ragserver.index.search.QueryInput;
import dev.ragserver.index.search.SearchRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Searches run while documents are rewritten, and never see half a document. */
class ConcurrencyTest {
  @TempDir Path dir;

  @Test
  void readersSeeWholeDocumentsWhileWritersReplaceThem() throws Exception {
    try (CollectionRegistry registry = TestCollections.registry(dir)) {
      CollectionIndex c = TestCollections.create(registry, "conc");
      AtomicBoolean done = new AtomicBoolean();
      ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
      AtomicInteger searches = new AtomicInteger();
      Thread writer = new Thread(() -> {
        for (int version = 0; version < 60; version++) {
          List<Chunk> chunks = new ArrayList<>();
          for (int d = 0; d < 5; d++) {
            for (int n = 0; n < 3; n++) {
              chunks.add(TestCollections.chunk("doc" + d, n, "shared words version " + version,
                  TestCollections.embedding(TestCollections.unit(1, d, n, version), Map.of(1, 1f),
                      TestCollections.unit(1, 0, 0, 0)), Map.of("version", version)));
            }
          }
          c.upsert(chunks);
          if (version % 10 == 0) {
            c.commit();
          } else {
            c.refresh();
          }
        }
        done.set(true);
      });
      Runnable reader = () -> {
        SearchRequest request = SearchRequest.of(QueryInput.text("shared words", null), 100)
            .withLegs(List.of(LegSpec.of(Leg.BM25)));
        while (!done.get()) {
          Map<String, List<Integer>> versions = new HashMap<>();
          for (Hit h : c.search(request).hits()) {
            versions.computeIfAbsent(h.chunk().documentId(), k -> new ArrayList<>())
                .add(((Number) h.chunk().metadata().get("version")).intValue());
          }
          versions.forEach((doc, v) -> {
            if (v.size() != 3 || v.stream().distinct().count() != 1) {
              problems.add(doc + " seen as " + v);
            }
          });
          searches.incrementAndGet();
        }
      };
      Thread r1 = new Thread(reader);
      Thread r2 = new Thread(reader);
      writer.start();
      r1.start();
      r2.start();
      writer.join();
      r1.join();
      r2.join();
      assertTrue(problems.isEmpty(), problems.toString());
      assertTrue(searches.get() > 10, "searches ran: " + searches.get());
      c.commit();
      assertEquals(15, c.stats().chunks());
    }
  }
}
