package dev.ragserver.model.encoder;

import dev.ragserver.model.ModelException;
import dev.ragserver.model.safetensors.SafeTensors;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A PyTorch {@code Linear(in → out)}: {@code y = W x + b} with {@code W} stored [out, in].
 *
 * @param weight row-major [out, in]
 * @param bias [out]
 * @param in input features
 * @param out output features
 */
@SuppressWarnings("ArrayRecordComponent")
// arrays on purpose (weights of a model head, read in the decode loop); a carrier, never compared:
// identity equality is all it needs
public record LinearHead(float[] weight, float[] bias, int in, int out) {
  public LinearHead {
    if (in < 1 || out < 1 || weight.length != in * out || bias.length != out) {
      throw new IllegalArgumentException(
          "a linear head needs weight [out, in] and bias [out], got: weight of "
              + weight.length
              + " values, bias of "
              + bias.length
              + ", in "
              + in
              + ", out "
              + out);
    }
  }

  /**
   * Reads {@code weight} and {@code bias} from a safetensors file and checks them against the
   * expected shape ({@code expectedOut} 0 = any).
   */
  public static LinearHead read(Path file, int hidden, int expectedOut, String configKey) {
    SafeTensors tensors = SafeTensors.read(file);
    SafeTensors.Tensor w = tensors.get("weight");
    SafeTensors.Tensor b = tensors.get("bias");
    boolean ok =
        w.shape().length == 2
            && b.shape().length == 1
            && w.dim(1) == hidden
            && b.dim(0) == w.dim(0)
            && (expectedOut == 0 || w.dim(0) == expectedOut);
    if (!ok) {
      throw new ModelException(
          file
              + " ("
              + configKey
              + ") must hold weight ["
              + (expectedOut == 0 ? "D" : expectedOut)
              + ", "
              + hidden
              + "] and bias ["
              + (expectedOut == 0 ? "D" : expectedOut)
              + "] for the model's hidden size "
              + hidden
              + ", got: weight "
              + Arrays.toString(w.shape())
              + ", bias "
              + Arrays.toString(b.shape()));
    }
    return new LinearHead(w.values(), b.values(), w.dim(1), w.dim(0));
  }

  /** Writes {@code W · src[srcOff .. srcOff+in) + b} into {@code dst[dstOff .. dstOff+out)}. */
  public void apply(float[] src, int srcOff, float[] dst, int dstOff) {
    for (int o = 0; o < out; o++) {
      float sum = bias[o];
      int row = o * in;
      for (int i = 0; i < in; i++) {
        sum += weight[row + i] * src[srcOff + i];
      }
      dst[dstOff + o] = sum;
    }
  }
}
