package dev.ragserver.opensearch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ragserver.config.ConfigLoader;
import dev.ragserver.index.collection.CollectionIndex;
import dev.ragserver.index.opensearch.OpenSearchClient;
import dev.ragserver.server.engine.Engine;
import dev.ragserver.tools.eval.BeirDataset;
import dev.ragserver.tools.eval.EvalCollection;
import dev.ragserver.tools.eval.Evaluator;
import dev.ragserver.tools.eval.Pipeline;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evaluation harness, unchanged, over a collection on the cluster: the same scores as embedded.
 */
@ExtendWith(SharedCluster.class)
class EvalOnOpenSearchTest {
  @TempDir Path dir;

  @Test
  void aBeirDatasetScoresTheSameOnBothBackends(LocalCluster cluster) throws Exception {
    Path d = Files.createDirectories(dir.resolve("mini"));
    Files.writeString(
        d.resolve("corpus.jsonl"),
        """
        {"_id": "a", "title": "Glaciers", "text": "Glaciers retreat when summers grow warmer."}
        {"_id": "b", "title": "Owls", "text": "Owls hunt mice at night with silent wings."}
        {"_id": "c", "title": "Comets", "text": "A comet's tail points away from the sun."}
        {"_id": "e", "title": "Coffee", "text": "Coffee beans are roasted seeds of a cherry."}
        """);
    Files.writeString(
        d.resolve("queries.jsonl"),
        """
        {"_id": "q1", "text": "why do glaciers shrink"}
        {"_id": "q2", "text": "which bird hunts at night"}
        {"_id": "q3", "text": "direction of a comet tail"}
        """);
    Files.createDirectories(d.resolve("qrels"));
    Files.writeString(
        d.resolve("qrels/test.tsv"), "query-id\tcorpus-id\tscore\nq1\ta\t1\nq2\tb\t1\nq3\tc\t1\n");
    BeirDataset data = new BeirDataset(d);
    String hosts = "[\"" + cluster.hosts().get(0) + "\"]";
    try (OpenSearchClient client = cluster.client()) {
      client.deleteIndex(
          "evaltest-eval-mini-bge-small-en-v1-5-whole-opensearch"); // left by an earlier, failed
      // run
    }
    Engine engine =
        Engine.open(
            ConfigLoader.builder()
                .environment(Map.of())
                .override("index.data_dir", dir.resolve("data").toString())
                .override("opensearch.hosts", hosts)
                .override("opensearch.index_prefix", "evaltest-")
                .build()
                .load());
    try (engine) {
      PrintWriter log = new PrintWriter(new StringWriter());
      CollectionIndex local = EvalCollection.open(engine, data, 0, false, log);
      CollectionIndex remote = EvalCollection.open(engine, data, 0, true, log);
      assertEquals("opensearch", remote.manifest().backend());
      assertEquals(
          false,
          remote.guarantees().atomicDocumentUpsert(),
          "the OpenSearch backend's declared guarantees");
      Evaluator onLucene =
          new Evaluator(local, engine.embedder(), data.queries("test"), data.qrels("test"));
      Evaluator onOpenSearch =
          new Evaluator(remote, engine.embedder(), data.queries("test"), data.qrels("test"));
      for (String p : new String[] {"dense", "bm25", "colbert", "default", "weighted", "m3"}) {
        Evaluator.Result a = onLucene.run(Pipeline.parse(p));
        Evaluator.Result b = onOpenSearch.run(Pipeline.parse(p));
        assertEquals(a.ndcg10(), b.ndcg10(), 1e-9, p);
        assertEquals(a.recall100(), b.recall100(), 1e-9, p);
        assertEquals(a.mrr10(), b.mrr10(), 1e-9, p);
      }
      assertEquals(1.0, onOpenSearch.run(Pipeline.parse("default")).ndcg10(), 1e-9);
      engine.registry().delete(remote.manifest().name());
    }
  }
}
