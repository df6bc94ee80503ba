package dev.dgmspark.shard.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBufferByte;
import java.awt.image.DirectColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;

/**
 * Converts a decoded {@link BufferedImage} of any layout into 8-bit grey or RGB {@link ByteImage}, compositing
 * transparency over white.
 *
 * <p>Samples are read from the raster rather than through {@code BufferedImage.getRGB} wherever the meaning
 * of the samples is plain: {@code getRGB} treats Java's grey colour space as linear and so brightens grey
 * images (a stored 128 comes back as 188), and it costs a virtual call per pixel. Only colour spaces
 * that need a real conversion (CMYK, ICC profiles) go through {@code getRGB}.
 */
final class ByteImageConverter {
  /** Integer Rec. 601 luma weights, scaled by 1000: what most image libraries use for RGB to grey. */
  private static final int LUMA_R = 299;
  private static final int LUMA_G = 587;
  private static final int LUMA_B = 114;

  private ByteImageConverter() {}

  /** Converts {@code image} to {@code channels} (1 or 3) 8-bit channels. */
  static ByteImage convert(BufferedImage image, int channels) {
    ColorModel cm = image.getColorModel();
    int w = image.getWidth();
    int h = image.getHeight();
    byte[] out = new byte[w * h * channels];
    if (cm instanceof IndexColorModel icm) {
      fromPalette(image.getRaster(), icm, channels, out);
    } else if (isPlain(cm) && isInterleavedBytes(image.getRaster(), cm)) {
      fromBytes(image.getRaster(), cm, channels, out);
    } else if (isPlain(cm)) {
      fromSamples(image.getRaster(), cm, channels, out);
    } else {
      fromArgb(image, channels, out);
    }
    return new ByteImage(w, h, channels, out);
  }

  /** Returns whether the samples are sRGB or grey values as they stand, not premultiplied. */
  private static boolean isPlain(ColorModel cm) {
    if (!(cm instanceof ComponentColorModel || cm instanceof DirectColorModel) || cm.isAlphaPremultiplied()) {
      return false;
    }
    ColorSpace cs = cm.getColorSpace();
    return cs.isCS_sRGB() || cs.getType() == ColorSpace.TYPE_GRAY;
  }

  /** Returns whether the samples are 8-bit, one per byte, pixel-interleaved (what the JDK readers return). */
  private static boolean isInterleavedBytes(Raster raster, ColorModel cm) {
    if (!(raster.getDataBuffer() instanceof DataBufferByte) || raster.getDataBuffer().getNumBanks() != 1
        || !(raster.getSampleModel() instanceof PixelInterleavedSampleModel)) {
      return false;
    }
    for (int size : cm.getComponentSize()) {
      if (size != 8) {
        return false;
      }
    }
    return true;
  }

  /**
   * The fast path for 8-bit interleaved images (3BYTE_BGR, 4BYTE_ABGR, BYTE_GRAY and grey+alpha): reads the
   * bytes directly, about twice as fast as {@code Raster.getPixels} on a 178x178 JPEG.
   */
  private static void fromBytes(Raster raster, ColorModel cm, int channels, byte[] out) {
    PixelInterleavedSampleModel sm = (PixelInterleavedSampleModel) raster.getSampleModel();
    byte[] data = ((DataBufferByte) raster.getDataBuffer()).getData();
    int w = raster.getWidth();
    int h = raster.getHeight();
    int colours = cm.getNumColorComponents();
    boolean alpha = cm.hasAlpha();
    int[] bandOffsets = sm.getBandOffsets();
    int pixelStride = sm.getPixelStride();
    int scanline = sm.getScanlineStride();
    int base = raster.getDataBuffer().getOffset()
        + (raster.getMinY() - raster.getSampleModelTranslateY()) * scanline
        + (raster.getMinX() - raster.getSampleModelTranslateX()) * pixelStride;
    int r0 = bandOffsets[0];
    int g0 = colours == 3 ? bandOffsets[1] : r0;
    int b0 = colours == 3 ? bandOffsets[2] : r0;
    int a0 = alpha ? bandOffsets[colours] : 0;
    boolean greySource = colours == 1;
    int o = 0;
    for (int y = 0; y < h; y++) {
      int p = base + y * scanline;
      for (int x = 0; x < w; x++, p += pixelStride) {
        int r = data[p + r0] & 0xFF;
        int g = data[p + g0] & 0xFF;
        int b = data[p + b0] & 0xFF;
        if (alpha) {
          int a = data[p + a0] & 0xFF;
          r = overWhite(r, a);
          g = overWhite(g, a);
          b = overWhite(b, a);
        }
        o = put(out, o, channels, r, g, b, greySource);
      }
    }
  }

  private static void fromSamples(Raster raster, ColorModel cm, int channels, byte[] out) {
    int w = raster.getWidth();
    int h = raster.getHeight();
    int colours = cm.getNumColorComponents();
    int bands = raster.getNumBands();
    boolean alpha = cm.hasAlpha();
    int[] maxima = new int[bands];
    for (int i = 0; i < bands; i++) {
      maxima[i] = (1 << cm.getComponentSize(i)) - 1;
    }
    int[] row = new int[w * bands];
    int o = 0;
    for (int y = 0; y < h; y++) {
      raster.getPixels(raster.getMinX(), raster.getMinY() + y, w, 1, row);
      for (int x = 0, i = 0; x < w; x++, i += bands) {
        int r = to8(row[i], maxima[0]);
        int g = colours == 3 ? to8(row[i + 1], maxima[1]) : r;
        int b = colours == 3 ? to8(row[i + 2], maxima[2]) : r;
        if (alpha) {
          int a = to8(row[i + colours], maxima[colours]);
          r = overWhite(r, a);
          g = overWhite(g, a);
          b = overWhite(b, a);
        }
        o = put(out, o, channels, r, g, b, colours == 1);
      }
    }
  }

  private static void fromPalette(Raster raster, IndexColorModel icm, int channels, byte[] out) {
    int w = raster.getWidth();
    int h = raster.getHeight();
    int size = icm.getMapSize();
    int[] argb = new int[size];
    icm.getRGBs(argb);
    boolean allGrey = true;
    for (int i = 0; i < size; i++) {
      int c = argb[i];
      int r = overWhite((c >> 16) & 0xFF, c >>> 24);
      int g = overWhite((c >> 8) & 0xFF, c >>> 24);
      int b = overWhite(c & 0xFF, c >>> 24);
      argb[i] = r << 16 | g << 8 | b;
      allGrey &= r == g && g == b;
    }
    int[] row = new int[w];
    int o = 0;
    for (int y = 0; y < h; y++) {
      raster.getSamples(raster.getMinX(), raster.getMinY() + y, w, 1, 0, row);
      for (int x = 0; x < w; x++) {
        int c = argb[Math.min(row[x], size - 1)]; // out-of-range indices: clamp like most decoders
        o = put(out, o, channels, (c >> 16) & 0xFF, (c >> 8) & 0xFF, c & 0xFF, allGrey);
      }
    }
  }

  /** The general path: lets the colour model convert to sRGB (CMYK, ICC profiles, premultiplied alpha). */
  private static void fromArgb(BufferedImage image, int channels, byte[] out) {
    int w = image.getWidth();
    int h = image.getHeight();
    int[] row = new int[w];
    int o = 0;
    for (int y = 0; y < h; y++) {
      image.getRGB(0, y, w, 1, row, 0, w);
      for (int x = 0; x < w; x++) {
        int c = row[x];
        int a = c >>> 24;
        o = put(out, o, channels, overWhite((c >> 16) & 0xFF, a), overWhite((c >> 8) & 0xFF, a),
            overWhite(c & 0xFF, a), false);
      }
    }
  }

  private static int put(byte[] out, int o, int channels, int r, int g, int b, boolean grey) {
    if (channels == 3) {
      out[o] = (byte) r;
      out[o + 1] = (byte) g;
      out[o + 2] = (byte) b;
      return o + 3;
    }
    out[o] = (byte) (grey ? r : luma(r, g, b));
    return o + 1;
  }

  /** Returns the Rec. 601 luma of an sRGB colour, rounded. */
  static int luma(int r, int g, int b) {
    return (LUMA_R * r + LUMA_G * g + LUMA_B * b + 500) / 1000;
  }

  private static int to8(int v, int max) {
    return max == 255 ? v : (v * 255 + max / 2) / max;
  }

  /** Composites a colour value with alpha {@code a} (0..255) over white. */
  private static int overWhite(int v, int a) {
    return a == 255 ? v : (v * a + 255 * (255 - a) + 127) / 255;
  }
}
