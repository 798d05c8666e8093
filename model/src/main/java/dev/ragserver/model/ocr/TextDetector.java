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
 * DBNet text detection: the image scaled so its longest side is at most {@code maxSideLen} (both
 * sides a multiple of 32), normalised with ImageNet mean/std in BGR order; the model's probability
 * map is thresholded, connected regions become boxes scored by their mean probability, grown by the
 * unclip distance and mapped back to image pixels.
 */
public final class TextDetector implements AutoCloseable {
  private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
  private static final float[] STD = {0.229f, 0.224f, 0.225f};
  private static final int MIN_REGION = 4;

  private final LoadedSession session;
  private final String input;
  private final int maxSideLen;
  private final float threshold;
  private final float boxThreshold;
  private final double unclipRatio;

  public TextDetector(
      LoadedSession session, int maxSideLen, double threshold, double boxThreshold, double unclip) {
    this.session = session;
    if (session.signature().inputs().size() != 1) {
      throw new ModelException(
          session.source()
              + " is not a text detection model: it should take one image input, "
              + session.signature().describe());
    }
    this.input = session.signature().inputs().keySet().iterator().next();
    session.signature().requireInput(input, "FLOAT", 4, "ocr.det_file");
    this.maxSideLen = maxSideLen;
    this.threshold = (float) threshold;
    this.boxThreshold = (float) boxThreshold;
    this.unclipRatio = unclip;
  }

  /** The text boxes of an image, in no particular order. */
  public List<TextBox> detect(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    double ratio = Math.min(1.0, (double) maxSideLen / Math.max(w, h));
    int rw = Math.max(32, (int) Math.round(w * ratio / 32) * 32);
    int rh = Math.max(32, (int) Math.round(h * ratio / 32) * 32);
    float[] data = new float[3 * rw * rh];
    Pixels.writeChw(Pixels.resize(image, rw, rh), data, 0, rw, rh, MEAN, STD);
    float[] prob;
    try (OnnxTensor t =
            OnnxTensor.createTensor(
                OnnxSessions.environment(), FloatBuffer.wrap(data), new long[] {1, 3, rh, rw});
        OrtSession.Result r = session.session().run(Map.of(input, t))) {
      OnnxTensor out = (OnnxTensor) r.get(0);
      long[] shape = out.getInfo().getShape();
      FloatBuffer fb = out.getFloatBuffer();
      prob = new float[fb.remaining()];
      fb.get(prob);
      if (prob.length != rw * rh) {
        throw new ModelException(
            session.source()
                + " returned a map of shape "
                + java.util.Arrays.toString(shape)
                + " for a "
                + rw
                + "x"
                + rh
                + " input; a DBNet detector returns [1,1,"
                + rh
                + ","
                + rw
                + "]");
      }
    } catch (OrtException e) {
      throw new ModelException("text detection failed: " + e.getMessage(), e);
    }
    return boxes(prob, rw, rh, (double) w / rw, (double) h / rh, w, h);
  }

  /** Connected regions of the thresholded map as boxes in image pixels. */
  List<TextBox> boxes(float[] prob, int mw, int mh, double sx, double sy, int imageW, int imageH) {
    int[] label = new int[prob.length];
    int[] queue = new int[prob.length];
    List<TextBox> out = new ArrayList<>();
    int next = 0;
    for (int start = 0; start < prob.length; start++) {
      if (prob[start] <= threshold || label[start] != 0) {
        continue;
      }
      next++;
      int head = 0;
      int tail = 0;
      queue[tail++] = start;
      label[start] = next;
      int minX = Integer.MAX_VALUE;
      int minY = Integer.MAX_VALUE;
      int maxX = -1;
      int maxY = -1;
      double sum = 0;
      while (head < tail) {
        int p = queue[head++];
        int x = p % mw;
        int y = p / mw;
        sum += prob[p];
        minX = Math.min(minX, x);
        maxX = Math.max(maxX, x);
        minY = Math.min(minY, y);
        maxY = Math.max(maxY, y);
        for (int d = 0; d < 4; d++) {
          int nx = x + (d == 0 ? 1 : d == 1 ? -1 : 0);
          int ny = y + (d == 2 ? 1 : d == 3 ? -1 : 0);
          if (nx < 0 || ny < 0 || nx >= mw || ny >= mh) {
            continue;
          }
          int q = ny * mw + nx;
          if (label[q] == 0 && prob[q] > threshold) {
            label[q] = next;
            queue[tail++] = q;
          }
        }
      }
      int count = tail;
      float score = (float) (sum / count);
      if (count < MIN_REGION || score < boxThreshold) {
        continue;
      }
      double bw = maxX - minX + 1;
      double bh = maxY - minY + 1;
      double distance = bw * bh * unclipRatio / (2 * (bw + bh));
      double x0 = Math.max(0, (minX - distance) * sx);
      double y0 = Math.max(0, (minY - distance) * sy);
      double x1 = Math.min(imageW, (maxX + 1 + distance) * sx);
      double y1 = Math.min(imageH, (maxY + 1 + distance) * sy);
      int bx = (int) Math.floor(x0);
      int by = (int) Math.floor(y0);
      int bwPx = (int) Math.ceil(x1) - bx;
      int bhPx = (int) Math.ceil(y1) - by;
      if (bwPx >= 3 && bhPx >= 3) {
        out.add(new TextBox(bx, by, bwPx, bhPx, score));
      }
    }
    out.sort(Comparator.comparingDouble(TextBox::score).reversed());
    return out;
  }

  @Override
  public void close() {
    session.close();
  }
}
