package dev.ragserver.model.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragserver.model.Embedders;
import dev.ragserver.model.Embedding;
import dev.ragserver.model.EmbeddingBatch;
import dev.ragserver.model.EmbeddingPart;
import dev.ragserver.model.ModelInfo;
import dev.ragserver.model.TestModels;
import dev.ragserver.model.TextEmbedder;
import dev.ragserver.model.TokenCounter;
import dev.ragserver.model.concurrent.DeadlineExceededException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Concurrent small requests share model calls and each caller gets exactly its own vectors; a
 * cancelled or failing caller leaves the others alone. Every wait has a deadline.
 */
class GatheringEmbedderTest {
  private final ExecutorService callers = Executors.newCachedThreadPool();

  @AfterEach
  void stop() {
    callers.shutdownNow();
  }

  /** A stand-in model: vector = (text length, first char); calls recorded; may hold or fail. */
  private static final class Recording implements TextEmbedder {
    final List<List<String>> calls = new CopyOnWriteArrayList<>();
    final CountDownLatch entered = new CountDownLatch(1);
    volatile CountDownLatch hold;

    @Override
    public ModelInfo info() {
      return new ModelInfo("stand-in", Set.of(EmbeddingPart.DENSE), 2, 0, 512, "");
    }

    @Override
    public TokenCounter tokenCounter() {
      throw new UnsupportedOperationException();
    }

    @Override
    public EmbeddingBatch embedDocuments(List<String> texts, Set<EmbeddingPart> parts) {
      return embedQueries(texts, parts);
    }

    @Override
    public EmbeddingBatch embedQueries(List<String> texts, Set<EmbeddingPart> parts) {
      calls.add(List.copyOf(texts));
      CountDownLatch h = hold;
      if (h != null) {
        entered.countDown();
        try {
          if (!h.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the test never released the model");
          }
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      }
      if (texts.stream().anyMatch(t -> t.contains("boom"))) {
        throw new IllegalArgumentException("the model refuses boom");
      }
      List<Embedding> out = new ArrayList<>();
      for (String t : texts) {
        out.add(
            new Embedding(new float[] {t.length(), t.charAt(0)}, null, null, t.length(), false));
      }
      return new EmbeddingBatch(out, 0, texts.size());
    }

    @Override
    public void close() {}
  }

  private Future<Embedding> query(TextEmbedder e, String text) {
    return callers.submit(() -> e.embedQuery(text));
  }

  /**
   * Waits until exactly {@code n} callers are queued behind the held call (exactly: after a cancel
   * the count must drop, not merely be at least n).
   */
  private static void awaitQueued(GatheringEmbedder g, int n) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (g.queued() != n) {
      assertTrue(System.nanoTime() < end, "callers queued: " + g.queued() + " of " + n);
      Thread.sleep(5);
    }
  }

  @Test
  void callersArrivingWhileTheModelRunsShareOneCallAndEachGetsItsOwnVector() throws Exception {
    Recording model = new Recording();
    model.hold = new CountDownLatch(1);
    GatheringEmbedder g = new GatheringEmbedder(model, 32, 1, 0);
    Future<Embedding> first = query(g, "first");
    assertTrue(model.entered.await(10, TimeUnit.SECONDS));
    List<String> texts = List.of("a", "bb", "ccc", "dddd", "eeeee");
    List<Future<Embedding>> queued = new ArrayList<>();
    for (String t : texts) {
      queued.add(query(g, t));
    }
    awaitQueued(g, texts.size());
    model.hold.countDown();
    assertEquals(5f, first.get(10, TimeUnit.SECONDS).dense()[0]);
    for (int i = 0; i < texts.size(); i++) {
      float[] v = queued.get(i).get(10, TimeUnit.SECONDS).dense();
      assertArrayEquals(new float[] {texts.get(i).length(), texts.get(i).charAt(0)}, v);
    }
    assertEquals(2, model.calls.size(), "the queued callers ran in one call: " + model.calls);
    assertEquals(Set.copyOf(texts), Set.copyOf(model.calls.get(1)));
    assertEquals(1, g.gathered()[0]);
    assertEquals(5, g.gathered()[1]);
  }

  @Test
  void anIdleModelRunsACallerAtOnceAndLargeRequestsPassThrough() throws Exception {
    Recording model = new Recording();
    GatheringEmbedder g = new GatheringEmbedder(model, 4, 1, 0);
    assertEquals(3f, g.embedQuery("abc").dense()[0]);
    EmbeddingBatch big = g.embedDocuments(List.of("a", "b", "c", "d", "e"));
    assertEquals(5, big.embeddings().size());
    assertEquals(List.of(List.of("abc"), List.of("a", "b", "c", "d", "e")), model.calls);
  }

  @Test
  void aLoneRequestOnAnIdleModelNeverWaitsEvenWithAGatherWait() {
    Recording model = new Recording();
    // a 10-second wait: were it applied to a lone request, the call would take 10 s
    GatheringEmbedder g = new GatheringEmbedder(model, 32, 1, TimeUnit.SECONDS.toNanos(10));
    long t0 = System.nanoTime();
    for (int i = 0; i < 3; i++) {
      assertEquals(3f, g.embedQuery("abc").dense()[0]);
    }
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    assertTrue(ms < 5_000, "three lone requests took " + ms + " ms");
    assertEquals(3, model.calls.size());
  }

  @Test
  void aCallerCancelledWhileQueuedLeavesAndTheOthersGetTheirVectors() throws Exception {
    Recording model = new Recording();
    model.hold = new CountDownLatch(1);
    GatheringEmbedder g = new GatheringEmbedder(model, 32, 1, 0);
    Future<Embedding> first = query(g, "first");
    assertTrue(model.entered.await(10, TimeUnit.SECONDS));
    Future<Embedding> stays = query(g, "stays");
    Future<Embedding> leaves = query(g, "leaves");
    awaitQueued(g, 2);
    leaves.cancel(true);
    awaitQueued(g, 1);
    model.hold.countDown();
    first.get(10, TimeUnit.SECONDS);
    assertEquals(5f, stays.get(10, TimeUnit.SECONDS).dense()[0]);
    assertEquals(List.of(List.of("first"), List.of("stays")), model.calls);
  }

  @Test
  void aRequestTheModelRefusesFailsAloneAndItsBatchMatesAreAnswered() throws Exception {
    Recording model = new Recording();
    model.hold = new CountDownLatch(1);
    GatheringEmbedder g = new GatheringEmbedder(model, 32, 1, 0);
    Future<Embedding> first = query(g, "first");
    assertTrue(model.entered.await(10, TimeUnit.SECONDS));
    Future<Embedding> good = query(g, "good");
    Future<Embedding> bad = query(g, "boom");
    awaitQueued(g, 2);
    model.hold.countDown();
    first.get(10, TimeUnit.SECONDS);
    assertEquals(4f, good.get(10, TimeUnit.SECONDS).dense()[0]);
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> bad.get(10, TimeUnit.SECONDS));
    assertInstanceOf(IllegalArgumentException.class, e.getCause());
    assertEquals("the model refuses boom", e.getCause().getMessage());
  }

  @Test
  void aBlankTextIsRefusedBeforeItQueues() {
    Recording model = new Recording();
    GatheringEmbedder g = new GatheringEmbedder(model, 32, 1, 0);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> g.embedQueries(List.of("ok", " ")));
    assertTrue(e.getMessage().startsWith("text 1 is empty"), e.getMessage());
    assertEquals(List.of(), model.calls);
  }

  @Test
  void withTheRealModelGatheredVectorsEqualOneAtATimeVectorsUnderConcurrentCallers()
      throws Exception {
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      texts.add(
          "query number "
              + i
              + " about "
              + (i % 2 == 0 ? "tides and the moon" : "lighthouse lenses"));
    }
    try (TextEmbedder alone =
            Embedders.open(TestModels.config(Map.of("model.gather_requests", "false")));
        TextEmbedder gathered = Embedders.open(TestModels.config(Map.of()))) {
      assertInstanceOf(GatheringEmbedder.class, gathered);
      List<Future<Embedding>> futures = new ArrayList<>();
      for (String t : texts) {
        futures.add(query(gathered, t));
      }
      for (int i = 0; i < texts.size(); i++) {
        Embedding mine = futures.get(i).get(60, TimeUnit.SECONDS);
        Embedding single = alone.embedQuery(texts.get(i));
        assertArrayEquals(single.dense(), mine.dense(), 1e-5f, "dense of " + texts.get(i));
        assertArrayEquals(
            single.multiVector().toArray(),
            mine.multiVector().toArray(),
            1e-5f,
            "token vectors of " + texts.get(i));
      }
      assertTrue(
          ((GatheringEmbedder) gathered).gathered()[0] > 0,
          "24 concurrent callers on 2 cores shared at least one call");
    }
  }

  @Test
  void aCallerInterruptedWhileQueuedGetsADeadlineError() throws Exception {
    Recording model = new Recording();
    model.hold = new CountDownLatch(1);
    GatheringEmbedder g = new GatheringEmbedder(model, 32, 1, 0);
    Future<Embedding> first = query(g, "first");
    assertTrue(model.entered.await(10, TimeUnit.SECONDS));
    Future<Throwable> outcome =
        callers.submit(
            () -> {
              Thread.currentThread().interrupt();
              try {
                g.embedQuery("never");
                return null;
              } catch (RuntimeException e) {
                return e;
              }
            });
    assertInstanceOf(DeadlineExceededException.class, outcome.get(10, TimeUnit.SECONDS));
    model.hold.countDown();
    first.get(10, TimeUnit.SECONDS);
    assertEquals(List.of(List.of("first")), model.calls);
  }
}
