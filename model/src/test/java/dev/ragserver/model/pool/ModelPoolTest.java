package dev.ragserver.model.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragserver.config.ModelConfig;
import dev.ragserver.config.RagConfig;
import dev.ragserver.model.Embedding;
import dev.ragserver.model.EmbeddingBatch;
import dev.ragserver.model.EmbeddingPart;
import dev.ragserver.model.ModelException;
import dev.ragserver.model.ModelInfo;
import dev.ragserver.model.TextEmbedder;
import dev.ragserver.model.TokenCounter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Models load on first use, are shared, and the least recently used idle one makes room. */
class ModelPoolTest {
  private static final Map<String, ModelConfig> MODELS = RagConfig.defaults().models();
  private static final String EN = ModelConfig.BGE_SMALL_EN;
  private static final String ZH = ModelConfig.BGE_SMALL_ZH;

  /** Opens stand-in models that record their opening and closing. */
  private static final class Opener {
    final AtomicInteger opened = new AtomicInteger();
    final List<String> closed = new ArrayList<>();
    volatile CountDownLatch hold;
    final CountDownLatch entered = new CountDownLatch(1);

    TextEmbedder open(ModelConfig config) {
      opened.incrementAndGet();
      return new FakeModel(config.name(), this);
    }
  }

  private static final class FakeModel implements TextEmbedder {
    private final String name;
    private final Opener opener;

    FakeModel(String name, Opener opener) {
      this.name = name;
      this.opener = opener;
    }

    @Override
    public ModelInfo info() {
      return new ModelInfo(name, Set.of(EmbeddingPart.DENSE), 4, 0, 512, "");
    }

    @Override
    public TokenCounter tokenCounter() {
      return new TokenCounter() {
        @Override
        public int count(String text) {
          return text.length();
        }

        @Override
        public int[] tokenEnds(String text) {
          return new int[0];
        }

        @Override
        public int maxContentTokens() {
          return 510;
        }
      };
    }

    @Override
    public EmbeddingBatch embedDocuments(List<String> texts, Set<EmbeddingPart> parts) {
      return embedQueries(texts, parts);
    }

    @Override
    public EmbeddingBatch embedQueries(List<String> texts, Set<EmbeddingPart> parts) {
      CountDownLatch hold = opener.hold;
      if (hold != null) {
        opener.entered.countDown();
        try {
          assertTrue(hold.await(10, TimeUnit.SECONDS), "the test releases the call");
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      }
      List<Embedding> out = new ArrayList<>();
      for (String t : texts) {
        out.add(new Embedding(new float[] {name.length(), t.length(), 0, 0}, null, null, 1, false));
      }
      return new EmbeddingBatch(out, 0, texts.size());
    }

    @Override
    public void close() {
      synchronized (opener.closed) {
        opener.closed.add(name);
      }
    }
  }

  @Test
  void aModelLoadsOnItsFirstCallAndIsSharedAfterwards() {
    Opener opener = new Opener();
    try (ModelPool pool = new ModelPool(MODELS, 0, opener::open)) {
      TextEmbedder en = pool.embedder(EN);
      assertEquals(0, opener.opened.get(), "handing out a model loads nothing");
      assertFalse(pool.state(EN).loaded());
      en.embedQuery("hello");
      pool.embedder(EN).embedQuery("again");
      assertEquals(1, opener.opened.get());
      assertTrue(pool.state(EN).loaded());
      assertEquals(1, pool.state(EN).loads());
      assertEquals(1, pool.loaded());
    }
    assertEquals(List.of(EN), opener.closed, "closing the pool closes what it loaded");
  }

  @Test
  void aCapOnLoadedModelsUnloadsTheLeastRecentlyUsedIdleOneAndReloadsItOnDemand() {
    Opener opener = new Opener();
    try (ModelPool pool = new ModelPool(MODELS, 1, opener::open)) {
      pool.embedder(EN).embedQuery("a");
      pool.embedder(ZH).embedQuery("b");
      assertEquals(List.of(EN), opener.closed);
      assertFalse(pool.state(EN).loaded());
      assertEquals(1, pool.state(EN).unloads());
      assertTrue(pool.state(ZH).loaded());
      Embedding again = pool.embedder(EN).embedQuery("a");
      assertEquals(EN.length(), again.dense()[0], 0f, "the reloaded model answers");
      assertEquals(2, pool.state(EN).loads());
      assertEquals(List.of(EN, ZH), opener.closed);
      assertEquals(1, pool.loaded());
    }
  }

  @Test
  void aModelInUseIsNotUnloadedUntilItsCallEnds() throws Exception {
    Opener opener = new Opener();
    ExecutorService threads = Executors.newSingleThreadExecutor();
    try (ModelPool pool = new ModelPool(MODELS, 1, opener::open)) {
      pool.embedder(EN).embedQuery("warm");
      opener.hold = new CountDownLatch(1);
      Future<Embedding> running = threads.submit(() -> pool.embedder(EN).embedQuery("long"));
      assertTrue(opener.entered.await(10, TimeUnit.SECONDS), "the long call is running");
      // ZH loads beside the running EN call: EN is not closed under its call, so ZH, idle first,
      // is the one that makes room
      Thread loadZh =
          new Thread(
              () -> {
                try {
                  pool.embedder(ZH).info();
                } catch (RuntimeException ignored) {
                  // asserted below
                }
              });
      loadZh.start();
      loadZh.join(10_000);
      assertTrue(pool.state(EN).loaded(), "a model is not closed under a running call");
      assertEquals(1, pool.state(ZH).loads(), "the other model still loads and answers");
      assertFalse(pool.state(ZH).loaded(), "and is the idle one closed to keep the cap");
      opener.hold.countDown();
      opener.hold = null;
      assertEquals(EN.length(), running.get(10, TimeUnit.SECONDS).dense()[0], 0f);
      assertEquals(1, pool.loaded());
      assertTrue(pool.state(EN).loaded());
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void aFailedLoadIsTheModelsProblemUntilALoadSucceeds() {
    AtomicInteger attempts = new AtomicInteger();
    Opener opener = new Opener();
    try (ModelPool pool =
        new ModelPool(
            MODELS,
            0,
            c -> {
              if (attempts.incrementAndGet() == 1) {
                throw new ModelException("model files are gone");
              }
              return opener.open(c);
            })) {
      assertThrows(ModelException.class, () -> pool.embedder(EN).embedQuery("x"));
      assertEquals(
          "model " + EN + " cannot be loaded: model files are gone",
          pool.state(EN).problem().orElseThrow());
      pool.embedder(EN).embedQuery("x");
      assertTrue(pool.state(EN).problem().isEmpty(), "a load that succeeds clears the problem");
    }
  }

  @Test
  void aModelFromAFolderThatIsMissingHasAProblemBeforeAnyLoad() {
    ModelConfig m3 =
        dev.ragserver.config.ConfigLoader.builder()
            .override("models.bge-m3.directory", "/nonexistent/m3")
            .build()
            .load()
            .model("bge-m3")
            .orElseThrow();
    try (ModelPool pool = new ModelPool(Map.of("bge-m3", m3), 0, c -> new Opener().open(c))) {
      assertTrue(
          pool.state("bge-m3").problem().orElseThrow().contains("does not exist"),
          pool.state("bge-m3").toString());
      assertFalse(pool.state("bge-m3").loaded());
    }
  }

  @Test
  void aModelThePoolDoesNotServeIsRefusedNamingTheServedOnes() {
    try (ModelPool pool = new ModelPool(MODELS, 0, new Opener()::open)) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> pool.embedder("bge-m3"));
      assertTrue(e.getMessage().contains(EN), e.getMessage());
    }
  }
}
