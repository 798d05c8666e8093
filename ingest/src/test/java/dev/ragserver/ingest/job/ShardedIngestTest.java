package dev.ragserver.ingest.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragserver.index.search.Hit;
import dev.ragserver.index.search.QueryInput;
import dev.ragserver.index.search.SearchRequest;
import dev.ragserver.model.Embedders;
import dev.ragserver.model.TextEmbedder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Workers that each ingest their shard of the same folder build the collection one worker builds
 * (the same documents, chunks and answers), and a worker run again skips what it committed.
 */
class ShardedIngestTest {
  @TempDir Path dir;
  private static TextEmbedder embedder;

  private static final String[] TOPICS = {
    "Lighthouses guide ships along rocky coasts at night.",
    "Sourdough bread rises with a starter of wild yeast.",
    "Spring tides follow the new and the full moon.",
    "The kiwi is a flightless bird of New Zealand.",
    "Glaciers carve U-shaped valleys as they move.",
    "Bees dance to tell the hive where flowers are.",
    "Volcanoes form where tectonic plates pull apart or collide.",
    "Coffee beans are the roasted seeds of a cherry.",
    "Octopuses have three hearts and blue blood.",
    "Rainbows appear when sunlight refracts in raindrops."
  };

  @BeforeAll
  static void openModel() {
    embedder = Embedders.open(IngestFixture.CONFIG.model());
  }

  @AfterAll
  static void closeModel() {
    embedder.close();
  }

  private static Path corpus(Path docs) throws IOException {
    for (int i = 0; i < TOPICS.length; i++) {
      Path file = docs.resolve(i % 2 == 0 ? "notes" : "guides").resolve("topic-" + i + ".md");
      Files.createDirectories(file.getParent());
      Files.writeString(file, "# Topic " + i + "\n\n" + TOPICS[i] + "\n");
    }
    return docs;
  }

  private static JobStatus run(IngestFixture f, Path docs, Shard shard) {
    IngestPlan plan =
        new FileWalker(IngestFixture.CONFIG.ingest()).plan(List.of(docs)).shard(shard);
    return IngestJob.of(
            "job-" + shard,
            "docs",
            plan,
            f.index,
            f.embedder,
            IngestFixture.CONFIG.ingest(),
            ImageUnderstanding.NONE,
            Map.of(),
            false)
        .run();
  }

  private static List<String> top10(IngestFixture f, String query) {
    return f
        .index
        .search(SearchRequest.of(QueryInput.text(query, embedder.embedQuery(query)), 10))
        .hits()
        .stream()
        .map(Hit::chunk)
        .map(c -> c.chunkId())
        .toList();
  }

  @Test
  void twoShardsBuildTheCollectionOneWorkerBuilds() throws IOException {
    Path docs = corpus(dir.resolve("docs"));
    try (IngestFixture one = new IngestFixture(dir.resolve("one"), new Unclosable(embedder));
        IngestFixture two = new IngestFixture(dir.resolve("two"), new Unclosable(embedder))) {
      JobStatus whole = run(one, docs, Shard.ALL);
      JobStatus first = run(two, docs, Shard.parse("1/2"));
      JobStatus second = run(two, docs, Shard.parse("2/2"));
      assertEquals(JobState.SUCCEEDED, first.state());
      assertEquals(JobState.SUCCEEDED, second.state());
      assertEquals(TOPICS.length, whole.filesIngested());
      assertEquals(TOPICS.length, first.filesIngested() + second.filesIngested());
      assertTrue(
          first.filesIngested() > 0 && second.filesIngested() > 0,
          "each shard has work: " + first.filesIngested() + " + " + second.filesIngested());

      assertEquals(one.index.documentIds(""), two.index.documentIds(""));
      assertEquals(one.index.stats().chunks(), two.index.stats().chunks());
      for (String id : one.index.documentIds("")) {
        assertEquals(one.index.document(id), two.index.document(id), id);
      }
      for (String q : new String[] {"which bird cannot fly?", "how do tides work", "baking"}) {
        assertEquals(top10(one, q), top10(two, q), q);
      }
    }
  }

  @Test
  void aShardRunAgainSkipsWhatItCommitted() throws IOException {
    Path docs = corpus(dir.resolve("docs"));
    try (IngestFixture f = new IngestFixture(dir.resolve("data"), new Unclosable(embedder))) {
      JobStatus first = run(f, docs, Shard.parse("2/3"));
      JobStatus again = run(f, docs, Shard.parse("2/3"));
      assertEquals(first.filesIngested(), again.filesSkipped());
      assertEquals(0, again.filesIngested());
      // a whole run after the shards ingests only the rest
      JobStatus rest = run(f, docs, Shard.ALL);
      assertEquals(first.filesIngested(), rest.filesSkipped());
      assertEquals(TOPICS.length - first.filesIngested(), rest.filesIngested());
    }
  }
}
