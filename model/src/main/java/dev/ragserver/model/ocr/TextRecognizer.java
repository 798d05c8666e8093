package dev.ragserver.model.ocr;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.ragserver.model.ModelException;
import dev.ragserver.model.onnx.LoadedSession;
import dev.ragserver.model.onnx.OnnxSessions;
import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Text recognition: each line crop scaled to height 48 (width by its aspect ratio), normalised to
 * [-1, 1], batched by similar width (padded with 0); the per-step class probabilities are decoded
 * greedily as CTC: take the best class per step, drop repeats and blanks (class 0); class {@code i}
 * is line {@code i} of the key file, the class after the last key is a space.
 */
public final class TextRecognizer implements AutoCloseable {
  private static final float[] HALF = {0.5f, 0.5f, 0.5f};
  private static final int H = 48;
  private static final int MAX_W = 1600;
  private static final int BATCH = 8;
  private final LoadedSession session;
  private final String input;
  private final List<String> keys;

  /**
   * A recogniser.
   *
   * @param session the recognition model
   * @param keys its characters, in class order from class 1
   */
  public TextRecognizer(LoadedSession session, List<String> keys) {
    this.session = session;
    this.input = session.signature().inputs().keySet().iterator().next();
    session.signature().requireInput(input, "FLOAT", 4, "ocr.rec_file");
    this.keys = List.copyOf(keys);
  }

  /** A recognised text and its mean character confidence. */
  public record Text(String text, float score) {}

  /** The text of each crop, in the crops' order. */
  public List<Text> recognize(List<BufferedImage> crops) {
    Text[] out = new Text[crops.size()];
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < crops.size(); i++) {
      order.add(i);
    }
    order.sort(
        Comparator.comparingDouble(
            i -> (double) crops.get(i).getWidth() / crops.get(i).getHeight()));
    for (int from = 0; from < order.size(); from += BATCH) {
      List<Integer> batch = order.subList(from, Math.min(order.size(), from + BATCH));
      int[] widths = new int[batch.size()];
      int maxW = 1;
      for (int b = 0; b < batch.size(); b++) {
        BufferedImage c = crops.get(batch.get(b));
        widths[b] =
            Math.min(
                MAX_W, Math.max(1, (int) Math.ceil(H * (double) c.getWidth() / c.getHeight())));
        maxW = Math.max(maxW, widths[b]);
      }
      float[] data = new float[batch.size() * 3 * H * maxW];
      for (int b = 0; b < batch.size(); b++) {
        Pixels.writeChw(
            Pixels.resize(crops.get(batch.get(b)), widths[b], H),
            data,
            b * 3 * H * maxW,
            maxW,
            H,
            HALF,
            HALF);
      }
      try (OnnxTensor t =
              OnnxTensor.createTensor(
                  OnnxSessions.environment(),
                  FloatBuffer.wrap(data),
                  new long[] {batch.size(), 3, H, maxW});
          OrtSession.Result r = session.session().run(Map.of(input, t))) {
        OnnxTensor probs = (OnnxTensor) r.get(0);
        long[] shape = probs.getInfo().getShape();
        int steps = (int) shape[1];
        int classes = (int) shape[2];
        FloatBuffer fb = probs.getFloatBuffer();
        for (int b = 0; b < batch.size(); b++) {
          out[batch.get(b)] = decode(fb, b * steps * classes, steps, classes);
        }
      } catch (OrtException e) {
        throw new ModelException("text recognition failed: " + e.getMessage(), e);
      }
    }
    return List.of(out);
  }

  /** Greedy CTC decoding of one line's probabilities. */
  Text decode(FloatBuffer probs, int offset, int steps, int classes) {
    StringBuilder sb = new StringBuilder();
    double confidence = 0;
    int kept = 0;
    int previous = -1;
    for (int t = 0; t < steps; t++) {
      int best = 0;
      float bestP = -1;
      int base = offset + t * classes;
      for (int c = 0; c < classes; c++) {
        float p = probs.get(base + c);
        if (p > bestP) {
          bestP = p;
          best = c;
        }
      }
      if (best != 0 && best != previous) {
        sb.append(best - 1 < keys.size() ? keys.get(best - 1) : " ");
        confidence += bestP;
        kept++;
      }
      previous = best;
    }
    return new Text(sb.toString().strip(), kept == 0 ? 0f : (float) (confidence / kept));
  }

  @Override
  public void close() {
    session.close();
  }
}
