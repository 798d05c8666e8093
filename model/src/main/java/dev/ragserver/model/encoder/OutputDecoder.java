package dev.ragserver.model.encoder;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.ragserver.model.EmbeddingPart;
import dev.ragserver.model.batch.TokenBatch;
import java.util.Set;

/** Reads a model's outputs for one batch and produces the requested parts per text. */
public interface OutputDecoder {
  /** The parts this model can produce. */
  Set<EmbeddingPart> parts();

  /** The model outputs to compute. */
  Set<String> outputs();

  /** Decodes every row of the batch; {@code parts} is a subset of {@link #parts()}. */
  Decoded[] decode(TokenBatch batch, OrtSession.Result result, Set<EmbeddingPart> parts)
      throws OrtException;
}
