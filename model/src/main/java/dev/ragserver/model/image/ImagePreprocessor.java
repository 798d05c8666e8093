package dev.ragserver.model.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ragserver.model.ModelException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.List;

/**
 * Hugging Face's {@code CLIPImageProcessor}, step by step: convert to RGB, resize so the shortest
 * edge is {@code size.shortest_edge} (long edge {@code int(size × long / short)}) with Pillow's
 * filter, centre-crop ({@code top = (h − crop_h) // 2}), rescale by {@code rescale_factor},
 * normalise by {@code image_mean}/{@code image_std}; channels first.
 */
public final class ImagePreprocessor {
  private final boolean resize;
  private final int shortestEdge;
  private final PilResize.Filter filter;
  private final boolean centerCrop;
  private final int cropH;
  private final int cropW;
  private final boolean rescale;
  private final double rescaleFactor;
  private final boolean normalize;
  private final float[] mean;
  private final float[] std;

  private ImagePreprocessor(JsonNode c, String source) {
    this.resize = c.path("do_resize").asBoolean(true);
    JsonNode size = c.path("size");
    this.shortestEdge = size.isInt() ? size.asInt() : size.path("shortest_edge").asInt(224);
    this.filter = PilResize.Filter.ofPil(c.path("resample").asInt(3));
    this.centerCrop = c.path("do_center_crop").asBoolean(true);
    JsonNode crop = c.path("crop_size");
    this.cropH = crop.isInt() ? crop.asInt() : crop.path("height").asInt(224);
    this.cropW = crop.isInt() ? crop.asInt() : crop.path("width").asInt(224);
    this.rescale = c.path("do_rescale").asBoolean(true);
    this.rescaleFactor = c.path("rescale_factor").asDouble(1 / 255.0);
    this.normalize = c.path("do_normalize").asBoolean(true);
    this.mean = triple(c.path("image_mean"), source, "image_mean");
    this.std = triple(c.path("image_std"), source, "image_std");
    if (shortestEdge < 1 || cropH < 1 || cropW < 1) {
      throw new ModelException(source + ": size and crop_size must be positive");
    }
  }

  /** Reads a {@code preprocessor_config.json}. */
  public static ImagePreprocessor fromJson(byte[] json, String source) {
    try {
      return new ImagePreprocessor(new ObjectMapper().readTree(json), source);
    } catch (IOException | IllegalArgumentException e) {
      throw new ModelException(
          source + " is not a valid preprocessor_config.json: " + e.getMessage(), e);
    }
  }

  private static float[] triple(JsonNode n, String source, String key) {
    if (!n.isArray() || n.size() != 3) {
      throw new ModelException(source + ": " + key + " must be three numbers (R, G, B), got: " + n);
    }
    return new float[] {
      (float) n.get(0).asDouble(), (float) n.get(1).asDouble(), (float) n.get(2).asDouble()
    };
  }

  /** The height and width of the pixel tensors this produces. */
  public int[] outputSize() {
    return new int[] {cropH, cropW};
  }

  /**
   * The RGB bytes after resizing and cropping (before rescaling): what the golden test compares.
   */
  public byte[] resizedAndCropped(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    byte[] rgb = rgb(image);
    if (resize) {
      int shortSide = Math.min(w, h);
      int longSide = Math.max(w, h);
      int newShort = shortestEdge;
      int newLong = (int) ((long) shortestEdge * longSide / shortSide);
      int nw = w <= h ? newShort : newLong;
      int nh = w <= h ? newLong : newShort;
      rgb = PilResize.resize(rgb, w, h, nw, nh, filter);
      w = nw;
      h = nh;
    }
    if (centerCrop) {
      if (w < cropW || h < cropH) {
        throw new ModelException(
            "image of "
                + w
                + "x"
                + h
                + " after resizing is smaller than the crop "
                + cropW
                + "x"
                + cropH
                + "; check size and crop_size");
      }
      int top = (h - cropH) / 2;
      int left = (w - cropW) / 2;
      byte[] out = new byte[cropW * cropH * 3];
      for (int y = 0; y < cropH; y++) {
        System.arraycopy(rgb, ((top + y) * w + left) * 3, out, y * cropW * 3, cropW * 3);
      }
      return out;
    }
    if (w != cropW || h != cropH) {
      throw new ModelException(
          "without a centre crop the resized image must be "
              + cropW
              + "x"
              + cropH
              + ", got: "
              + w
              + "x"
              + h);
    }
    return rgb;
  }

  /** The model input for a batch: {@code [N, 3, H, W]} floats ({@link #shape}), in order. */
  public float[] pixels(List<BufferedImage> images) {
    int per = 3 * cropH * cropW;
    float[] out = new float[images.size() * per];
    for (int i = 0; i < images.size(); i++) {
      System.arraycopy(pixels(images.get(i)), 0, out, i * per, per);
    }
    return out;
  }

  /** The shape of {@link #pixels(List)} for this many images. */
  public long[] shape(int images) {
    return new long[] {images, 3, cropH, cropW};
  }

  /** The model input for one image: {@code [3, H, W]} floats, channels first. */
  public float[] pixels(BufferedImage image) {
    byte[] rgb = resizedAndCropped(image);
    int plane = cropH * cropW;
    float[] out = new float[3 * plane];
    for (int i = 0; i < plane; i++) {
      for (int c = 0; c < 3; c++) {
        double v = rgb[i * 3 + c] & 0xff;
        if (rescale) {
          v = (float) (v * rescaleFactor);
        }
        if (normalize) {
          v = ((float) v - mean[c]) / std[c];
        }
        out[c * plane + i] = (float) v;
      }
    }
    return out;
  }

  /** Interleaved RGB bytes of an image (alpha dropped, grey expanded): {@code do_convert_rgb}. */
  static byte[] rgb(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    byte[] out = new byte[w * h * 3];
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      image.getRGB(0, y, w, 1, row, 0, w);
      for (int x = 0; x < w; x++) {
        int p = row[x];
        int at = (y * w + x) * 3;
        out[at] = (byte) (p >> 16);
        out[at + 1] = (byte) (p >> 8);
        out[at + 2] = (byte) p;
      }
    }
    return out;
  }
}
