package dev.ragserver.model.batch;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * Turns one batch's model outputs into results, one per row.
 *
 * @param <R> what a row becomes
 */
@FunctionalInterface
public interface BatchDecoder<R> {
  /** Decodes every row of {@code batch}; called while {@code result} is open. */
  R[] decode(TokenBatch batch, OrtSession.Result result) throws OrtException;
}
