package dev.ragserver.model.onnx;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * An ONNX Runtime session with its declared signature. Thread-safe; close once.
 *
 * @param session the native session
 * @param signature its inputs and outputs
 * @param source where the model came from, for messages
 */
public record LoadedSession(OrtSession session, Signature signature, String source)
    implements AutoCloseable {
  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("closing " + source + ": " + e.getMessage(), e);
    }
  }
}
