package dev.ragserver.model.batch;

import dev.ragserver.model.Embedding;
import dev.ragserver.model.EmbeddingBatch;
import dev.ragserver.model.EmbeddingPart;
import dev.ragserver.model.ModelInfo;
import dev.ragserver.model.TextChecks;
import dev.ragserver.model.TextEmbedder;
import dev.ragserver.model.TokenCounter;
import dev.ragserver.model.concurrent.DeadlineExceededException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Gathers concurrent small requests (queries, {@code /v1/embeddings} calls) into one model call, as
 * embedding servers batch dynamically: a caller that finds the model idle runs at once, taking
 * along whatever is queued; callers that arrive while {@code maxRunning} calls run queue up and the
 * next free caller runs the queue's head with every compatible request behind it (same kind, same
 * parts, up to {@code maxTexts} texts). With {@code maxWaitNanos} above 0 a caller that would run a
 * batch short of {@code maxTexts} while other requests are queued or a call is running first waits
 * that long for more; a lone request on an idle model never waits. Requests of {@code maxTexts}
 * texts or more (ingest's batches) pass straight through.
 *
 * <p>Each caller gets exactly its own embeddings. A caller interrupted while queued leaves the
 * queue; one interrupted while its batch runs stops waiting (the batch finishes for the others).
 * Inputs are checked per caller before they are queued, and a batch that fails is run again request
 * by request, so one bad request never fails its batch-mates. Thread-safe.
 */
public final class GatheringEmbedder implements TextEmbedder {
  private final TextEmbedder model;
  private final int maxTexts;
  private final int maxRunning;
  private final long maxWaitNanos;
  private final ArrayDeque<Request> queue = new ArrayDeque<>();
  private int running;
  private long gatheredCalls;
  private long gatheredRequests;

  /**
   * @param model the model the gathered calls run on (closed with this)
   * @param maxTexts most texts per gathered call ({@code model.batch_size})
   * @param maxRunning calls run at once ({@code model.concurrent_batches})
   * @param maxWaitNanos how long a short batch waits for more requests (0: never)
   */
  public GatheringEmbedder(TextEmbedder model, int maxTexts, int maxRunning, long maxWaitNanos) {
    if (maxTexts < 1 || maxRunning < 1 || maxWaitNanos < 0) {
      throw new IllegalArgumentException(
          "maxTexts and maxRunning must be at least 1 and maxWaitNanos at least 0, got: "
              + maxTexts
              + ", "
              + maxRunning
              + ", "
              + maxWaitNanos);
    }
    this.model = Objects.requireNonNull(model, "model");
    this.maxTexts = maxTexts;
    this.maxRunning = maxRunning;
    this.maxWaitNanos = maxWaitNanos;
  }

  /** One caller's texts, and its result once its batch ran. */
  private static final class Request {
    final List<String> texts;
    final Set<EmbeddingPart> parts;
    final boolean query;
    EmbeddingBatch result;
    RuntimeException failure;

    Request(List<String> texts, Set<EmbeddingPart> parts, boolean query) {
      this.texts = texts;
      this.parts = parts;
      this.query = query;
    }

    boolean done() {
      return result != null || failure != null;
    }

    boolean fits(Request head) {
      return query == head.query && parts.equals(head.parts);
    }
  }

  @Override
  public ModelInfo info() {
    return model.info();
  }

  @Override
  public TokenCounter tokenCounter() {
    return model.tokenCounter();
  }

  @Override
  public EmbeddingBatch embedDocuments(List<String> texts, Set<EmbeddingPart> parts) {
    return embed(texts, parts, false);
  }

  @Override
  public EmbeddingBatch embedQueries(List<String> texts, Set<EmbeddingPart> parts) {
    return embed(texts, parts, true);
  }

  /** Callers waiting for a model call now. */
  public synchronized int queued() {
    return queue.size();
  }

  /** How many model calls ran gathered requests, and how many requests they served. */
  public synchronized long[] gathered() {
    return new long[] {gatheredCalls, gatheredRequests};
  }

  private EmbeddingBatch embed(List<String> texts, Set<EmbeddingPart> parts, boolean query) {
    if (texts.size() >= maxTexts) {
      return run(texts, parts, query);
    }
    Set<EmbeddingPart> wanted = TextChecks.parts(model.info(), parts);
    TextChecks.texts(texts);
    Request mine = new Request(List.copyOf(texts), wanted, query);
    synchronized (this) {
      queue.add(mine);
    }
    while (true) {
      List<Request> batch;
      synchronized (this) {
        try {
          while (!mine.done() && (running >= maxRunning || queue.isEmpty())) {
            wait();
          }
          // linger for more only under load (others queued or a call running): a lone request on
          // an idle model runs at once
          if (!mine.done()
              && maxWaitNanos > 0
              && (queue.size() > 1 || running > 0)
              && texts(queue) < maxTexts) {
            running++; // hold a slot while lingering, so others queue behind this batch
            try {
              long end = System.nanoTime() + maxWaitNanos;
              for (long left = maxWaitNanos; left > 0 && texts(queue) < maxTexts; ) {
                wait(left / 1_000_000, (int) (left % 1_000_000));
                left = end - System.nanoTime();
              }
            } finally {
              running--;
            }
          }
        } catch (InterruptedException e) {
          queue.remove(mine);
          Thread.currentThread().interrupt();
          throw new DeadlineExceededException(
              "embedding was cancelled while it waited for the model");
        }
        if (mine.done()) {
          if (mine.failure != null) {
            throw mine.failure;
          }
          return mine.result;
        }
        if (queue.isEmpty()) {
          continue; // another caller took this request: wait for its batch
        }
        batch = take();
        running++;
      }
      try {
        runGathered(batch);
      } finally {
        synchronized (this) {
          running--;
          notifyAll();
        }
      }
    }
  }

  private static int texts(Iterable<Request> requests) {
    int n = 0;
    for (Request r : requests) {
      n += r.texts.size();
    }
    return n;
  }

  /** The queue's head and every request behind it that can share its call, up to maxTexts. */
  private List<Request> take() {
    Request head = queue.poll();
    List<Request> out = new ArrayList<>();
    out.add(head);
    int n = head.texts.size();
    for (Iterator<Request> it = queue.iterator(); it.hasNext(); ) {
      Request r = it.next();
      if (r.fits(head) && n + r.texts.size() <= maxTexts) {
        out.add(r);
        n += r.texts.size();
        it.remove();
      }
    }
    return out;
  }

  /** Runs the requests as one call; when it fails, each alone, so a failure stays with its own. */
  private void runGathered(List<Request> batch) {
    Request head = batch.get(0);
    if (batch.size() > 1) {
      List<String> all = new ArrayList<>();
      batch.forEach(r -> all.addAll(r.texts));
      try {
        EmbeddingBatch result = run(all, head.parts, head.query);
        int at = 0;
        synchronized (this) {
          gatheredCalls++;
          gatheredRequests += batch.size();
          for (Request r : batch) {
            r.result = slice(result, at, r.texts.size());
            at += r.texts.size();
          }
        }
        return;
      } catch (RuntimeException e) {
        // fall through: each request alone
      }
    }
    for (Request r : batch) {
      EmbeddingBatch result = null;
      RuntimeException failure = null;
      try {
        result = run(r.texts, r.parts, r.query);
      } catch (RuntimeException e) {
        failure = e;
      }
      synchronized (this) {
        r.result = result;
        r.failure = failure;
      }
    }
  }

  private EmbeddingBatch run(List<String> texts, Set<EmbeddingPart> parts, boolean query) {
    return query ? model.embedQueries(texts, parts) : model.embedDocuments(texts, parts);
  }

  private static EmbeddingBatch slice(EmbeddingBatch all, int from, int count) {
    List<Embedding> mine = new ArrayList<>(count);
    int truncated = 0;
    long tokens = 0;
    for (int i = from; i < from + count; i++) {
      Embedding e = all.get(i);
      mine.add(e);
      truncated += e.truncated() ? 1 : 0;
      tokens += e.tokens();
    }
    return new EmbeddingBatch(mine, truncated, tokens);
  }

  @Override
  public void close() {
    model.close();
  }
}
