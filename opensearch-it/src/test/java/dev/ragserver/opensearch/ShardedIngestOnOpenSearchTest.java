package dev.ragserver.opensearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragserver.config.RagConfig;
import dev.ragserver.index.Registries;
import dev.ragserver.index.collection.CollectionIndex;
import dev.ragserver.index.collection.CollectionManifest;
import dev.ragserver.index.collection.CollectionRegistry;
import dev.ragserver.index.collection.CollectionSettings;
import dev.ragserver.index.opensearch.OpenSearchClient;
import dev.ragserver.index.search.Hit;
import dev.ragserver.index.search.QueryInput;
import dev.ragserver.index.search.SearchRequest;
import dev.ragserver.ingest.job.FileWalker;
import dev.ragserver.ingest.job.ImageUnderstanding;
import dev.ragserver.ingest.job.IngestJob;
import dev.ragserver.ingest.job.JobState;
import dev.ragserver.ingest.job.JobStatus;
import dev.ragserver.ingest.job.Shard;
import dev.ragserver.model.Embedders;
import dev.ragserver.model.TextEmbedder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two workers ingesting their shards of one folder into one collection on the cluster at the same
 * time build exactly the collection one worker builds: the same document ids, chunks and top 10.
 * (The two workers run in this process, each with its own job and plan, writing at once.)
 */
@ExtendWith(SharedCluster.class)
class ShardedIngestOnOpenSearchTest {
  private static final RagConfig CONFIG = RagConfig.defaults();
  @TempDir Path dir;

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
    "Rainbows appear when sunlight refracts in raindrops.",
    "Penguins cannot fly but swim fast in cold seas.",
    "Tea leaves are dried and steeped in hot water."
  };

  private static CompletableFuture<JobStatus> worker(
      CollectionIndex index, TextEmbedder embedder, Path docs, Shard shard) {
    return CompletableFuture.supplyAsync(
        () ->
            IngestJob.of(
                    "job-" + shard,
                    index.manifest().name(),
                    new FileWalker(CONFIG.ingest()).plan(List.of(docs)).shard(shard),
                    index,
                    embedder,
                    CONFIG.ingest(),
                    ImageUnderstanding.NONE,
                    Map.of(),
                    false)
                .run());
  }

  private static List<String> top10(CollectionIndex index, TextEmbedder embedder, String query) {
    return index
        .search(SearchRequest.of(QueryInput.text(query, embedder.embedQuery(query)), 10))
        .hits()
        .stream()
        .map(Hit::chunk)
        .map(c -> c.chunkId())
        .toList();
  }

  @Test
  void twoWorkersAtOnceBuildTheCollectionOneWorkerBuilds(LocalCluster cluster) throws Exception {
    Path docs = dir.resolve("docs");
    for (int i = 0; i < TOPICS.length; i++) {
      Path file = docs.resolve(i % 3 == 0 ? "a" : "b").resolve("topic-" + i + ".md");
      Files.createDirectories(file.getParent());
      Files.writeString(file, "# Topic " + i + "\n\n" + TOPICS[i] + "\n");
    }
    try (OpenSearchClient client = cluster.client();
        TextEmbedder embedder = Embedders.open(CONFIG.model());
        CollectionRegistry registry =
            Registries.open(dir.resolve("data"), 50, CONFIG.search(), client)) {
      for (String name : List.of("one", "two")) { // left by an earlier run that stopped half-way
        client.deleteIndex("rag-sharded-" + name);
        client.deleteDocument("rag-_catalog", name);
      }
      CollectionSettings settings = CollectionSettings.defaults(CONFIG.index());
      CollectionIndex one =
          registry.create(
              "one",
              settings,
              embedder.info(),
              null,
              new CollectionManifest.OpenSearchIndex("rag-sharded-one", 1, 0));
      CollectionIndex two =
          registry.create(
              "two",
              settings,
              embedder.info(),
              null,
              new CollectionManifest.OpenSearchIndex("rag-sharded-two", 1, 0));

      JobStatus whole = worker(one, embedder, docs, Shard.ALL).get(5, TimeUnit.MINUTES);
      CompletableFuture<JobStatus> first = worker(two, embedder, docs, Shard.parse("1/2"));
      CompletableFuture<JobStatus> second = worker(two, embedder, docs, Shard.parse("2/2"));
      JobStatus a = first.get(5, TimeUnit.MINUTES);
      JobStatus b = second.get(5, TimeUnit.MINUTES);
      assertEquals(JobState.SUCCEEDED, whole.state(), whole.message());
      assertEquals(JobState.SUCCEEDED, a.state(), a.message());
      assertEquals(JobState.SUCCEEDED, b.state(), b.message());
      assertEquals(TOPICS.length, a.filesIngested() + b.filesIngested());
      assertTrue(a.filesIngested() > 0 && b.filesIngested() > 0, "both workers had work");

      one.refresh();
      two.refresh();
      assertEquals(one.documentIds(""), two.documentIds(""));
      assertEquals(one.stats().chunks(), two.stats().chunks());
      for (String id : one.documentIds("")) {
        assertEquals(one.document(id), two.document(id), id);
      }
      for (String q : new String[] {"which bird cannot fly?", "how do tides work", "a hot drink"}) {
        assertEquals(top10(one, embedder, q), top10(two, embedder, q), q);
      }
      registry.delete("one");
      registry.delete("two");
    }
  }
}
