package dev.ragserver.model.pool;

import dev.ragserver.config.ModelConfig;
import dev.ragserver.model.EmbeddingBatch;
import dev.ragserver.model.EmbeddingPart;
import dev.ragserver.model.ModelException;
import dev.ragserver.model.ModelInfo;
import dev.ragserver.model.TextEmbedder;
import dev.ragserver.model.TokenCounter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The text models a server can serve, by name. A model loads on its first use and is then shared;
 * with a cap on loaded models, loading one more closes the least recently used model that no call
 * is using (it loads again when next needed). A failed load is remembered as the model's problem
 * until a later load succeeds. Thread-safe.
 *
 * <p>{@link #embedder} hands out a {@link TextEmbedder} per name that holds the model only while
 * each call runs, so callers keep it as long as they like.
 */
public final class ModelPool implements AutoCloseable {
  private final SortedMap<String, Slot> slots = new TreeMap<>();
  private final int maxLoaded;
  private final Function<ModelConfig, TextEmbedder> opener;
  private long clock;
  private boolean closed;

  /**
   * @param models the settings of every model that may be served, by name
   * @param maxLoaded most models loaded at once, 0 for no limit
   * @param opener loads and checks one model ({@code Embedders::open})
   */
  public ModelPool(
      Map<String, ModelConfig> models, int maxLoaded, Function<ModelConfig, TextEmbedder> opener) {
    if (models.isEmpty()) {
      throw new IllegalArgumentException("a model pool needs at least one model, got none");
    }
    if (maxLoaded < 0) {
      throw new IllegalArgumentException("maxLoaded must be at least 0, got: " + maxLoaded);
    }
    models.forEach((name, config) -> slots.put(name, new Slot(config)));
    this.maxLoaded = maxLoaded;
    this.opener = opener;
  }

  /** The names of the models this pool can serve, sorted. */
  public Set<String> names() {
    return Collections.unmodifiableSet(slots.keySet());
  }

  /** Whether this pool can serve a model of this name. */
  public boolean serves(String name) {
    return slots.containsKey(name);
  }

  /** The settings of a served model. */
  public ModelConfig config(String name) {
    return slot(name).config;
  }

  /**
   * The model of this name, loaded on its first call; each call holds it only while it runs.
   *
   * @throws UnknownModelException when the pool does not serve it
   */
  public TextEmbedder embedder(String name) {
    return new Pooled(slot(name));
  }

  /**
   * A model's state: loaded or not, its load and unload counts, and its problem: why its last load
   * failed, or, for a model that is not loaded, a file its next load would miss (checked without
   * loading it).
   */
  public synchronized ModelState state(String name) {
    Slot s = slot(name);
    String problem = s.problem;
    if (problem == null && s.model == null) {
      problem = missingFiles(s.config).orElse(null);
    }
    return new ModelState(
        name, s.model != null, s.loads, s.unloads, s.lastLoadNanos, Optional.ofNullable(problem));
  }

  /** The folder or main files a model loaded from a folder lacks; built-in models lack none. */
  static Optional<String> missingFiles(ModelConfig config) {
    if (config.isBuiltIn()) {
      return Optional.empty();
    }
    Path dir = Path.of(config.directory());
    if (!Files.isDirectory(dir)) {
      return Optional.of(
          "model " + config.name() + ": its folder " + dir.toAbsolutePath() + " does not exist");
    }
    for (String file : List.of(config.onnxFile(), config.tokenizerFile())) {
      if (!Files.isRegularFile(dir.resolve(file))) {
        return Optional.of(
            "model " + config.name() + ": its folder " + dir.toAbsolutePath() + " has no " + file);
      }
    }
    return Optional.empty();
  }

  /** Every model's state, by name. */
  public synchronized List<ModelState> states() {
    return slots.keySet().stream().map(this::state).toList();
  }

  /** How many models are loaded now. */
  public synchronized int loaded() {
    return (int) slots.values().stream().filter(s -> s.model != null).count();
  }

  private Slot slot(String name) {
    Slot s = slots.get(name);
    if (s == null) {
      throw new UnknownModelException(name, slots.keySet());
    }
    return s;
  }

  /** Takes the slot's model, loading it first when it is not loaded; give it back with release. */
  private TextEmbedder acquire(Slot slot) {
    synchronized (slot.loading) {
      synchronized (this) {
        if (closed) {
          throw new ModelException("the model pool is closed");
        }
        if (slot.model != null) {
          slot.leases++;
          slot.lastUsed = ++clock;
          return slot.model;
        }
      }
      long t0 = System.nanoTime();
      TextEmbedder model;
      try {
        model = opener.apply(slot.config);
      } catch (RuntimeException e) {
        String why = "model " + slot.config.name() + " cannot be loaded: " + message(e);
        synchronized (this) {
          slot.problem = why;
        }
        throw new ModelException(why, e);
      }
      List<TextEmbedder> idle;
      synchronized (this) {
        slot.model = model;
        slot.info = model.info();
        slot.problem = null;
        slot.loads++;
        slot.lastLoadNanos = System.nanoTime() - t0;
        slot.leases++;
        slot.lastUsed = ++clock;
        idle = evictIdle();
      }
      idle.forEach(TextEmbedder::close);
      return model;
    }
  }

  private static String message(RuntimeException e) {
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }

  private void release(Slot slot) {
    List<TextEmbedder> idle;
    synchronized (this) {
      slot.leases--;
      idle = evictIdle();
    }
    idle.forEach(TextEmbedder::close);
  }

  /** Unloads the least recently used idle models while more than the cap are loaded. */
  private List<TextEmbedder> evictIdle() {
    List<TextEmbedder> out = new ArrayList<>();
    while (maxLoaded > 0 && loaded() > maxLoaded) {
      Slot oldest = null;
      for (Slot s : slots.values()) {
        if (s.model != null && s.leases == 0 && (oldest == null || s.lastUsed < oldest.lastUsed)) {
          oldest = s;
        }
      }
      if (oldest == null) {
        break; // every loaded model is in use: the last release makes room
      }
      out.add(oldest.model);
      oldest.model = null;
      oldest.unloads++;
    }
    return out;
  }

  private <T> T with(Slot slot, Function<TextEmbedder, T> call) {
    TextEmbedder model = acquire(slot);
    try {
      return call.apply(model);
    } finally {
      release(slot);
    }
  }

  @Override
  public void close() {
    List<TextEmbedder> open = new ArrayList<>();
    synchronized (this) {
      closed = true;
      for (Slot s : slots.values()) {
        if (s.model != null) {
          open.add(s.model);
          s.model = null;
        }
      }
    }
    open.forEach(TextEmbedder::close);
  }

  /** One model: its settings, and the loaded model while there is one. */
  private static final class Slot {
    final ModelConfig config;
    final Object loading = new Object();
    TextEmbedder model;
    ModelInfo info;
    int leases;
    long lastUsed;
    long loads;
    long unloads;
    long lastLoadNanos;
    String problem;

    Slot(ModelConfig config) {
      this.config = config;
    }
  }

  /** A served model's embedder: every call takes the model for its duration. */
  private final class Pooled implements TextEmbedder {
    private final Slot slot;

    Pooled(Slot slot) {
      this.slot = slot;
    }

    @Override
    public ModelInfo info() {
      synchronized (ModelPool.this) {
        if (slot.info != null) {
          return slot.info;
        }
      }
      return with(slot, TextEmbedder::info);
    }

    @Override
    public TokenCounter tokenCounter() {
      return new TokenCounter() {
        @Override
        public int count(String text) {
          return with(slot, m -> m.tokenCounter().count(text));
        }

        @Override
        public int[] tokenEnds(String text) {
          return with(slot, m -> m.tokenCounter().tokenEnds(text));
        }

        @Override
        public int maxContentTokens() {
          return with(slot, m -> m.tokenCounter().maxContentTokens());
        }
      };
    }

    @Override
    public EmbeddingBatch embedDocuments(List<String> texts, Set<EmbeddingPart> parts) {
      return with(slot, m -> m.embedDocuments(texts, parts));
    }

    @Override
    public EmbeddingBatch embedQueries(List<String> texts, Set<EmbeddingPart> parts) {
      return with(slot, m -> m.embedQueries(texts, parts));
    }

    /** The pool closes models; a handle has nothing of its own to close. */
    @Override
    public void close() {}

    @Override
    public String toString() {
      return "pooled model " + slot.config.name();
    }
  }

  /** The pool serves no model of that name. */
  public static final class UnknownModelException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    UnknownModelException(String name, Set<String> served) {
      super("model " + name + " is not served here; the served models: " + served);
    }
  }
}
