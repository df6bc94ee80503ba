package dev.dgmspark.shard.image;

/**
 * Resizes {@link ByteImage} to a square: area averaging when shrinking, bilinear interpolation when enlarging.
 *
 * <p>Area averaging weights every source pixel by how much of it falls under the output pixel, so it does
 * not alias however large the factor is, unlike bilinear interpolation, which samples only four pixels. The
 * decoder already subsampled large sources to between 2x and 4x the target, which keeps this pass cheap.
 * The filter is separable: columns first into a float buffer, then rows.
 */
final class ImageResizer {
  private ImageResizer() {}

  /** Returns {@code src} resized to {@code size} x {@code size} (the caller has already cropped it square). */
  static ByteImage resize(ByteImage src, int size) {
    if (src.width() == size && src.height() == size) {
      return src;
    }
    int c = src.channels();
    int srcW = src.width();
    int srcH = src.height();
    Weights wx = Weights.of(srcW, size);
    Weights wy = Weights.of(srcH, size);
    byte[] in = src.data();
    int srcRow = srcW * c;
    // Vertical pass first: each of the `size` output rows is a weighted sum of whole source rows. It does
    // the bulk of the work (all source columns) and runs along contiguous memory.
    float[] tmp = new float[size * srcRow];
    for (int y = 0; y < size; y++) {
      int t = y * srcRow;
      int wBase = wy.offset[y];
      for (int k = 0; k < wy.count[y]; k++) {
        float w = wy.weight[wBase + k];
        int row = (wy.first[y] + k) * srcRow;
        for (int i = 0; i < srcRow; i++) {
          tmp[t + i] += w * (in[row + i] & 0xFF);
        }
      }
    }
    // Horizontal pass on the `size` rows left.
    int rowLen = size * c;
    byte[] out = new byte[size * rowLen];
    for (int y = 0; y < size; y++) {
      int rowBase = y * srcRow;
      int o = y * rowLen;
      for (int x = 0; x < size; x++) {
        int p = rowBase + wx.first[x] * c;
        int wBase = wx.offset[x];
        int count = wx.count[x];
        if (c == 3) {
          float r = 0;
          float g = 0;
          float b = 0;
          for (int k = 0; k < count; k++, p += 3) {
            float w = wx.weight[wBase + k];
            r += w * tmp[p];
            g += w * tmp[p + 1];
            b += w * tmp[p + 2];
          }
          out[o++] = toByte(r);
          out[o++] = toByte(g);
          out[o++] = toByte(b);
        } else {
          float v = 0;
          for (int k = 0; k < count; k++, p++) {
            v += wx.weight[wBase + k] * tmp[p];
          }
          out[o++] = toByte(v);
        }
      }
    }
    return new ByteImage(size, size, c, out);
  }

  private static byte toByte(float v) {
    int r = (int) (v + 0.5f);
    return (byte) (r < 0 ? 0 : Math.min(r, 255));
  }

  /** Per output index: the first source index, how many follow, and their weights (summing to 1). */
  private static final class Weights {
    final int[] first;
    final int[] count;
    final int[] offset;
    final float[] weight;

    private Weights(int outLen, int maxTaps) {
      first = new int[outLen];
      count = new int[outLen];
      offset = new int[outLen];
      weight = new float[outLen * maxTaps];
    }

    static Weights of(int inLen, int outLen) {
      return inLen > outLen ? area(inLen, outLen) : bilinear(inLen, outLen);
    }

    /** Output pixel i covers source interval [i * scale, (i + 1) * scale). */
    private static Weights area(int inLen, int outLen) {
      double scale = (double) inLen / outLen;
      int maxTaps = (int) Math.ceil(scale) + 1;
      Weights w = new Weights(outLen, maxTaps);
      for (int i = 0; i < outLen; i++) {
        double start = i * scale;
        double end = Math.min(inLen, (i + 1) * scale);
        int lo = (int) Math.floor(start);
        int hi = Math.min(inLen, (int) Math.ceil(end));
        w.first[i] = lo;
        w.offset[i] = i * maxTaps;
        w.count[i] = hi - lo;
        for (int s = lo; s < hi; s++) {
          double overlap = Math.min(end, s + 1) - Math.max(start, s);
          w.weight[i * maxTaps + s - lo] = (float) (overlap / scale);
        }
      }
      return w;
    }

    /** Pixel centres aligned: output centre i + 0.5 maps to source position (i + 0.5) * in / out. */
    private static Weights bilinear(int inLen, int outLen) {
      Weights w = new Weights(outLen, 2);
      double scale = (double) inLen / outLen;
      for (int i = 0; i < outLen; i++) {
        double x = (i + 0.5) * scale - 0.5;
        int x0 = (int) Math.floor(x);
        double f = x - x0;
        if (x0 < 0) {
          x0 = 0;
          f = 0;
        }
        if (x0 >= inLen - 1) {
          x0 = inLen - 1;
          f = 0;
        }
        w.first[i] = x0;
        w.offset[i] = i * 2;
        w.count[i] = f == 0 ? 1 : 2;
        w.weight[i * 2] = (float) (1 - f);
        w.weight[i * 2 + 1] = (float) f;
      }
      return w;
    }
  }
}
