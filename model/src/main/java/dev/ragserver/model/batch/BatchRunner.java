package dev.ragserver.model.batch;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.ragserver.model.ModelException;
import dev.ragserver.model.concurrent.DeadlineExceededException;
import dev.ragserver.model.concurrent.Futures;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs token batches through a session: builds the input tensors, runs, decodes, and closes every
 * tensor and result. Up to {@code concurrentBatches} batches run at once. Thread-safe.
 */
public final class BatchRunner implements AutoCloseable {
  private final OrtSession session;
  private final String inputIds;
  private final String attentionMask;
  private final String tokenTypeIds;
  private final Set<String> outputs;
  private final ExecutorService pool;

  /**
   * @param tokenTypeIds name of the segment-id input, or null when the model has none
   * @param outputs the outputs to compute
   */
  public BatchRunner(
      OrtSession session,
      String inputIds,
      String attentionMask,
      String tokenTypeIds,
      Set<String> outputs,
      int concurrentBatches) {
    this.session = session;
    this.inputIds = inputIds;
    this.attentionMask = attentionMask;
    this.tokenTypeIds = tokenTypeIds;
    this.outputs = Set.copyOf(outputs);
    this.pool =
        concurrentBatches > 1
            ? Executors.newFixedThreadPool(
                concurrentBatches,
                r -> {
                  Thread t = new Thread(r, "embed-batch");
                  t.setDaemon(true);
                  return t;
                })
            : null;
  }

  /** Runs every batch and returns each row's result at its text's position. */
  public <R> List<R> run(List<TokenBatch> batches, int textCount, BatchDecoder<R> decoder) {
    List<R> results = new ArrayList<>(textCount);
    for (int i = 0; i < textCount; i++) {
      results.add(null);
    }
    if (pool == null || batches.size() < 2) {
      for (int b = 0; b < batches.size(); b++) {
        stopIfInterrupted(b, batches.size());
        place(batches.get(b), runOne(batches.get(b), decoder), results);
      }
      return results;
    }
    List<Future<R[]>> futures = new ArrayList<>();
    for (TokenBatch batch : batches) {
      futures.add(pool.submit(() -> runOne(batch, decoder)));
    }
    try {
      for (int i = 0; i < batches.size(); i++) {
        place(batches.get(i), futures.get(i).get(), results);
      }
    } catch (InterruptedException e) {
      futures.forEach(f -> f.cancel(true));
      Thread.currentThread().interrupt();
      throw new ModelException("interrupted while embedding", e);
    } catch (ExecutionException e) {
      futures.forEach(f -> f.cancel(true));
      throw Futures.unwrap(
          e, cause -> new ModelException("embedding failed: " + cause.getMessage(), cause));
    }
    return results;
  }

  /**
   * Stops between batches once the calling thread is interrupted: a request that timed out (its
   * client already answered 503) or a server that is stopping does not go on embedding.
   */
  private static void stopIfInterrupted(int done, int total) {
    if (Thread.currentThread().isInterrupted()) {
      throw new DeadlineExceededException(
          "embedding was cancelled after " + done + " of " + total + " batches");
    }
  }

  private static <R> void place(TokenBatch batch, R[] rows, List<R> results) {
    for (int r = 0; r < batch.size(); r++) {
      results.set(batch.positions()[r], rows[r]);
    }
  }

  /** Runs one batch and decodes it; every tensor is closed before this returns. */
  public <R> R[] runOne(TokenBatch batch, BatchDecoder<R> decoder) {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    long[] shape = {batch.size(), batch.seqLen()};
    Map<String, OnnxTensor> inputs = new HashMap<>();
    try {
      inputs.put(inputIds, OnnxTensor.createTensor(env, LongBuffer.wrap(batch.ids()), shape));
      inputs.put(attentionMask, OnnxTensor.createTensor(env, LongBuffer.wrap(batch.mask()), shape));
      if (tokenTypeIds != null) {
        inputs.put(
            tokenTypeIds,
            OnnxTensor.createTensor(env, LongBuffer.wrap(new long[batch.ids().length]), shape));
      }
      try (OrtSession.Result result = session.run(inputs, outputs)) {
        return decoder.decode(batch, result);
      }
    } catch (OrtException e) {
      throw new ModelException(
          "ONNX Runtime failed on a batch of "
              + batch.size()
              + " texts x "
              + batch.seqLen()
              + " tokens: "
              + e.getMessage(),
          e);
    } finally {
      inputs.values().forEach(OnnxTensor::close);
    }
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }
}
