package dev.ragserver.model.image;

/**
 * Resampling exactly as Pillow's {@code Image.resize} does for 8-bit images: a separable
 * convolution whose kernel is stretched by the downscale factor (antialiasing), horizontal pass
 * first, 22-bit fixed-point coefficients, rounding and clamping to 0..255 after each pass. Java's
 * own bicubic interpolation samples 4×4 pixels without antialiasing and gives different pixels, so
 * embeddings would drift from the model's training; this matches Pillow bit for bit on the golden
 * images.
 */
public final class PilResize {
  private static final int PRECISION_BITS = 32 - 8 - 2;

  /** A Pillow resampling filter. */
  public enum Filter {
    BILINEAR(1.0) {
      @Override
      double apply(double x) {
        x = Math.abs(x);
        return x < 1.0 ? 1.0 - x : 0.0;
      }
    },
    BICUBIC(2.0) {
      @Override
      double apply(double x) {
        double a = -0.5;
        x = Math.abs(x);
        if (x < 1.0) {
          return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
        }
        if (x < 2.0) {
          return (((x - 5) * x + 8) * x - 4) * a;
        }
        return 0.0;
      }
    };

    final double support;

    Filter(double support) {
      this.support = support;
    }

    abstract double apply(double x);

    /** Pillow's resample code: 2 bilinear, 3 bicubic. */
    public static Filter ofPil(int code) {
      return switch (code) {
        case 2 -> BILINEAR;
        case 3 -> BICUBIC;
        default ->
            throw new IllegalArgumentException(
                "resample must be 2 (bilinear) or 3 (bicubic), got: " + code);
      };
    }
  }

  private PilResize() {}

  /**
   * Resizes interleaved RGB bytes.
   *
   * @param rgb {@code h × w × 3} bytes, row-major
   * @return {@code outH × outW × 3} bytes
   */
  public static byte[] resize(byte[] rgb, int w, int h, int outW, int outH, Filter filter) {
    byte[] horizontal = w == outW ? rgb : pass(rgb, w, h, outW, filter, true);
    return h == outH ? horizontal : pass(horizontal, outW, h, outH, filter, false);
  }

  /** One pass along rows ({@code horizontal}) or columns. */
  private static byte[] pass(
      byte[] in, int w, int h, int outSize, Filter filter, boolean horizontal) {
    int inSize = horizontal ? w : h;
    double scale = (double) inSize / outSize;
    double filterScale = Math.max(scale, 1.0);
    double support = filter.support * filterScale;
    int kSize = (int) Math.ceil(support) * 2 + 1;
    int[] bounds = new int[outSize * 2];
    int[] kk = new int[outSize * kSize];
    double[] k = new double[kSize];
    for (int xx = 0; xx < outSize; xx++) {
      double center = (xx + 0.5) * scale;
      double ww = 0.0;
      double ss = 1.0 / filterScale;
      int xmin = (int) (center - support + 0.5);
      if (xmin < 0) {
        xmin = 0;
      }
      int xmax = (int) (center + support + 0.5);
      if (xmax > inSize) {
        xmax = inSize;
      }
      xmax -= xmin;
      for (int x = 0; x < xmax; x++) {
        double v = filter.apply((x + xmin - center + 0.5) * ss);
        k[x] = v;
        ww += v;
      }
      for (int x = 0; x < xmax; x++) {
        double v = ww == 0.0 ? k[x] : k[x] / ww;
        kk[xx * kSize + x] =
            (int) (v < 0 ? v * (1 << PRECISION_BITS) - 0.5 : v * (1 << PRECISION_BITS) + 0.5);
      }
      bounds[xx * 2] = xmin;
      bounds[xx * 2 + 1] = xmax;
    }
    int outW = horizontal ? outSize : w;
    int outH = horizontal ? h : outSize;
    byte[] out = new byte[outW * outH * 3];
    int half = 1 << (PRECISION_BITS - 1);
    for (int y = 0; y < outH; y++) {
      for (int x = 0; x < outW; x++) {
        int o = horizontal ? x : y;
        int xmin = bounds[o * 2];
        int xmax = bounds[o * 2 + 1];
        int base = o * kSize;
        for (int c = 0; c < 3; c++) {
          long sum = half;
          for (int i = 0; i < xmax; i++) {
            int src = horizontal ? (y * w + xmin + i) * 3 + c : ((xmin + i) * w + x) * 3 + c;
            sum += (long) (in[src] & 0xff) * kk[base + i];
          }
          int v = (int) (sum >> PRECISION_BITS);
          out[(y * outW + x) * 3 + c] = (byte) (v < 0 ? 0 : Math.min(v, 255));
        }
      }
    }
    return out;
  }
}
