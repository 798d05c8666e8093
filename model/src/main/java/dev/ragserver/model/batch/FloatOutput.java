package dev.ragserver.model.batch;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.ragserver.model.ModelException;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * A float output copied out of ONNX Runtime.
 *
 * @param name output name
 * @param data row-major values
 * @param shape dimensions
 */
@SuppressWarnings("ArrayRecordComponent")
// arrays on purpose (an ONNX output tensor as read); a carrier, never compared: identity equality
// is all it needs
public record FloatOutput(String name, float[] data, long[] shape) {
  /** Reads output {@code name} of a result, which must be a float tensor. */
  public static FloatOutput read(OrtSession.Result result, String name) throws OrtException {
    OnnxValue value =
        result
            .get(name)
            .orElseThrow(() -> new ModelException("the model returned no output '" + name + "'"));
    if (!(value instanceof OnnxTensor tensor)) {
      throw new ModelException("output '" + name + "' is not a tensor: " + value.getInfo());
    }
    FloatBuffer buffer = tensor.getFloatBuffer();
    if (buffer == null) {
      throw new ModelException("output '" + name + "' is not a float tensor: " + tensor.getInfo());
    }
    float[] data = new float[buffer.remaining()];
    buffer.get(data);
    return new FloatOutput(name, data, tensor.getInfo().getShape());
  }

  /** Dimension i. */
  public int dim(int i) {
    return (int) shape[i];
  }

  /** Fails unless the output has this many rows and rank (the batch the model was given). */
  public FloatOutput expect(int rows, int... ranks) {
    boolean rankOk = Arrays.stream(ranks).anyMatch(r -> r == shape.length);
    if (!rankOk || shape[0] != rows) {
      throw new ModelException(
          "output '"
              + name
              + "' has shape "
              + Arrays.toString(shape)
              + "; expected rank "
              + Arrays.toString(ranks)
              + " with "
              + rows
              + " rows");
    }
    return this;
  }
}
