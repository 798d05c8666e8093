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
import java.util.List;
import java.util.Map;

/**
 * PaddleOCR's text-line angle classifier: each crop scaled to height 48 (width up to 192, padded),
 * normalised to [-1, 1]; class 1 with probability above 0.9 means the line is upside down.
 */
public final class AngleClassifier implements AutoCloseable {
  private static final float[] HALF = {0.5f, 0.5f, 0.5f};
  private static final int H = 48;
  private static final int W = 192;
  private final LoadedSession session;
  private final String input;

  public AngleClassifier(LoadedSession session) {
    this.session = session;
    this.input = session.signature().inputs().keySet().iterator().next();
    session.signature().requireInput(input, "FLOAT", 4, "ocr.cls_file");
  }

  /** The crops, each turned by 180° when the classifier is sure it is upside down. */
  public List<BufferedImage> upright(List<BufferedImage> crops) {
    if (crops.isEmpty()) {
      return crops;
    }
    float[] data = new float[crops.size() * 3 * H * W];
    for (int i = 0; i < crops.size(); i++) {
      BufferedImage c = crops.get(i);
      int w = Math.min(W, Math.max(1, (int) Math.ceil(H * (double) c.getWidth() / c.getHeight())));
      Pixels.writeChw(Pixels.resize(c, w, H), data, i * 3 * H * W, W, H, HALF, HALF);
    }
    List<BufferedImage> out = new ArrayList<>(crops);
    try (OnnxTensor t =
            OnnxTensor.createTensor(
                OnnxSessions.environment(),
                FloatBuffer.wrap(data),
                new long[] {crops.size(), 3, H, W});
        OrtSession.Result r = session.session().run(Map.of(input, t))) {
      FloatBuffer fb = ((OnnxTensor) r.get(0)).getFloatBuffer();
      for (int i = 0; i < crops.size(); i++) {
        float p0 = fb.get(i * 2);
        float p1 = fb.get(i * 2 + 1);
        if (p1 > p0 && p1 > 0.9f) {
          out.set(i, Pixels.rotate(crops.get(i), false));
        }
      }
    } catch (OrtException e) {
      throw new ModelException("text angle classification failed: " + e.getMessage(), e);
    }
    return out;
  }

  @Override
  public void close() {
    session.close();
  }
}
