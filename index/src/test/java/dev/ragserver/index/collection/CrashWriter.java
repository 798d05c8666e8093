package dev.ragserver.index.collection;

import dev.ragserver.index.TestCollections;
import dev.ragserver.index.schema.Chunk;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The child process of {@link CrashRecoveryTest}: writes documents forever, printing ACK after each
 * commit.
 */
public final class CrashWriter {
  static final String NAME = "crash";
  static final int CHUNKS = 4;

  private CrashWriter() {}

  public static void main(String[] args) {
    try (CollectionRegistry registry = TestCollections.registry(Path.of(args[0]))) {
      CollectionIndex c = TestCollections.create(registry, NAME);
      for (int i = 0; ; i++) {
        List<Chunk> chunks = new ArrayList<>();
        for (int n = 0; n < CHUNKS; n++) {
          chunks.add(
              TestCollections.chunk(
                  "doc" + i,
                  n,
                  "chunk " + n + " of document " + i,
                  TestCollections.embedding(
                      TestCollections.unit(1, i, n, 1),
                      Map.of(i % 50 + 1, 0.5f),
                      TestCollections.unit(1, 0, 0, 0)),
                  Map.of("i", i)));
        }
        c.upsert(chunks);
        if (i % 3 == 0) {
          c.commit();
          // everything up to i is durable now
          for (int j = Math.max(0, i - 2); j <= i; j++) {
            System.out.println("ACK doc" + j);
          }
          System.out.flush();
        }
      }
    }
  }
}
