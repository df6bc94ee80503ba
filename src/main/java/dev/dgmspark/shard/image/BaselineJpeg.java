package dev.dgmspark.shard.image;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A decoder for the common kind of JPEG that works on the DCT coefficients: baseline Huffman coding, 8-bit samples,
 * grey or JFIF YCbCr with 1x1 or 2x sampling, one interleaved scan, no colour profile. It either checks that a
 * file's entropy-coded data is complete and well-formed without computing a pixel ({@link #check}), or produces
 * the centred square area-averaged to the output size straight from the coefficients ({@link #decodeArea}).
 *
 * <p>{@link #decodeArea} is the area-averaging resize of the full decode, computed without the full decode: the
 * inverse DCT is linear, so the sum of any block's pixels over the part of it that an output pixel covers is a
 * weighted sum of the block's coefficients, with weights that depend only on where the output pixel's edges cut
 * the block. Each block thus costs a small separable product (output pixels it touches per side, times 8) instead
 * of a full 8x8 inverse DCT, and no full-size image is built. Subsampled chroma is weighted through the same
 * triangle filter libjpeg interpolates it with, so every channel comes out as the area average of the full decode,
 * up to that decode's rounding of each pixel to an integer and the clamping of out-of-range pixels (see the
 * tests for the measured difference).
 *
 * <p>It is deliberately strict and narrow: anything outside that scope (progressive, arithmetic, 12-bit, CMYK,
 * Adobe or ICC colour, several scans, unusual sampling) and any irregularity in the data (a bad Huffman code, a
 * coefficient index past 63, data ending early, extra bytes before a marker, a wrong restart marker, anything but
 * EOI after the scan) makes it decline, and the caller decodes with ImageIO as before, whose verdict and warnings
 * stay the reference. So a file this class accepts is one that libjpeg decodes without a warning: everything it
 * does not compute (inverse DCT, upsampling, colour conversion) is a total function of well-formed data.
 *
 * <p>An instance is not thread-safe; it reuses its tables and buffers from file to file.
 */
final class BaselineJpeg {
  /** Natural (row-major) index of each zig-zag position, padded so that a run past 63 stays in bounds. */
  private static final int[] ZIGZAG = {0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40,
      48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58,
      59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63};
  private static final int LOOKAHEAD = 10;
  private static final VarHandle INT_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  /** The 8-point inverse DCT basis: [f * 8 + x] = C(f) / 2 * cos((2x + 1) f pi / 16), C(0) = 1 / sqrt 2. */
  private static final double[] BASIS = new double[64];

  static {
    for (int f = 0; f < 8; f++) {
      for (int x = 0; x < 8; x++) {
        BASIS[f * 8 + x] = (f == 0 ? Math.sqrt(0.5) : 1) / 2 * Math.cos((2 * x + 1) * f * Math.PI / 16);
      }
    }
  }

  // What parse() found.
  private int width;
  private int height;
  private int components;
  private final int[] componentId = new int[4];
  private final int[] hSampling = new int[4];
  private final int[] vSampling = new int[4];
  private final int[] quantSelector = new int[4];
  private final int[] dcSelector = new int[4];
  private final int[] acSelector = new int[4];
  private int hMax;
  private int vMax;
  private int restartInterval;
  private int scanStart;
  private boolean baseline;
  private boolean jfif;
  private boolean adobe;
  private boolean icc;
  private boolean exif;
  private String scopeProblem;
  private final int[][] quant = new int[4][64];
  private final boolean[] quantDefined = new boolean[4];
  private final Huffman[] dcTables = {new Huffman(), new Huffman(), new Huffman(), new Huffman()};
  private final Huffman[] acTables = {new Huffman(), new Huffman(), new Huffman(), new Huffman()};

  // Bit reader state between segments (the scan loop keeps its own copies in locals).
  private int pos;
  private long acc;
  private int bits;
  private int padBits;
  private boolean markerHit;
  private int markerPos;

  // Area-averaging output.
  private final Footprint[] columns = {new Footprint(), new Footprint(), new Footprint()};
  private final Footprint[] rows = {new Footprint(), new Footprint(), new Footprint()};
  /** The current block's nonzero coefficients, dequantised: natural index and value. */
  private final int[] nonzeroAt = new int[64];
  private final float[] nonzeroValue = new float[64];
  private float[] rowSums = new float[64];
  private float[][] sums = new float[3][];
  private int outSize;

  /**
   * Reads the markers of {@code b} up to the start of the scan data.
   *
   * @return {@code null} when the file is within this decoder's scope and its tables are complete, otherwise why
   *     not (the flags such as {@link #passthroughSafe} are still set from the segments read)
   */
  String parse(byte[] b) {
    width = 0;
    height = 0;
    components = 0;
    restartInterval = 0;
    baseline = false;
    jfif = false;
    adobe = false;
    icc = false;
    exif = false;
    scopeProblem = null;
    Arrays.fill(quantDefined, false);
    for (int i = 0; i < 4; i++) {
      dcTables[i].defined = false;
      acTables[i].defined = false;
    }
    int n = b.length;
    if (n < 4 || (b[0] & 0xFF) != 0xFF || (b[1] & 0xFF) != 0xD8) {
      return "no SOI";
    }
    int p = 2;
    boolean frame = false;
    while (true) {
      if (p + 4 > n) {
        return "data ends before the scan";
      }
      if ((b[p] & 0xFF) != 0xFF) {
        return "stray bytes between segments";
      }
      int marker = b[p + 1] & 0xFF;
      if (marker == 0xFF) {
        p++;
        continue;
      }
      int len = (b[p + 2] & 0xFF) << 8 | (b[p + 3] & 0xFF);
      int seg = p + 4;
      int end = p + 2 + len;
      if (len < 2 || end > n) {
        return "segment length";
      }
      if (marker == 0xDB) {
        String problem = readQuant(b, seg, end);
        if (problem != null) {
          return problem;
        }
      } else if (marker == 0xC4) {
        String problem = readHuffman(b, seg, end);
        if (problem != null) {
          return problem;
        }
      } else if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
        if (frame) {
          return "second frame header";
        }
        frame = true;
        String problem = readFrame(b, marker, seg, end);
        if (problem != null) {
          return problem;
        }
      } else if (marker == 0xDD) {
        if (len != 4) {
          return "DRI length";
        }
        restartInterval = (b[seg] & 0xFF) << 8 | (b[seg + 1] & 0xFF);
      } else if (marker == 0xDA) {
        if (!frame) {
          return "scan before frame";
        }
        String problem = readScan(b, seg, end);
        if (problem != null) {
          return problem;
        }
        scanStart = end;
        return scope();
      } else if (marker == 0xE0) {
        jfif |= startsWith(b, seg, end, "JFIF\0");
      } else if (marker == 0xE1) {
        exif |= startsWith(b, seg, end, "Exif\0");
      } else if (marker == 0xE2) {
        icc |= startsWith(b, seg, end, "ICC_PROFILE\0");
      } else if (marker == 0xEE) {
        adobe |= startsWith(b, seg, end, "Adobe");
      } else if (!(marker >= 0xE0 && marker <= 0xEF) && marker != 0xFE) {
        return String.format("marker 0xFF%02X before the scan", marker);
      }
      p = end;
    }
  }

  /** Whether the colour interpretation is unambiguous and the same in every common decoder. */
  private String scope() {
    if (scopeProblem != null) {
      return scopeProblem;
    }
    if (components == 3 && (!jfif || adobe)) {
      return "three components without JFIF, or with an Adobe segment";
    }
    if (icc || (components == 1 && adobe)) {
      return "colour profile or Adobe segment";
    }
    return null;
  }

  /** Returns the declared width (after {@link #parse}). */
  int width() {
    return width;
  }

  /** Returns the declared height (after {@link #parse}). */
  int height() {
    return height;
  }

  /** Returns the number of colour components (after {@link #parse}). */
  int components() {
    return components;
  }

  /**
   * Whether the file, when it has the output size and layout, can be kept as it is: grey or JFIF YCbCr, with no
   * colour profile, Adobe segment or Exif block (whose orientation tag some readers apply and others ignore).
   */
  boolean passthroughSafe() {
    return !icc && !adobe && !exif && (components == 1 || (components == 3 && jfif));
  }

  /** Whether the frame is baseline or extended sequential Huffman (after {@link #parse}). */
  boolean baseline() {
    return baseline;
  }

  private String readQuant(byte[] b, int p, int end) {
    while (p < end) {
      int precision = (b[p] & 0xFF) >> 4;
      int id = b[p] & 0x0F;
      p++;
      if (precision > 1 || id > 3) {
        return "DQT table " + id + " precision " + precision;
      }
      int need = precision == 0 ? 64 : 128;
      if (p + need > end) {
        return "DQT length";
      }
      for (int k = 0; k < 64; k++) {
        int q = precision == 0 ? b[p + k] & 0xFF : (b[p + 2 * k] & 0xFF) << 8 | (b[p + 2 * k + 1] & 0xFF);
        if (q == 0) {
          return "zero quantiser";
        }
        quant[id][k] = q;
      }
      quantDefined[id] = true;
      p += need;
    }
    return null;
  }

  private String readHuffman(byte[] b, int p, int end) {
    while (p < end) {
      int tableClass = (b[p] & 0xFF) >> 4;
      int id = b[p] & 0x0F;
      if (tableClass > 1 || id > 3 || p + 17 > end) {
        return "DHT header";
      }
      int total = 0;
      for (int l = 1; l <= 16; l++) {
        total += b[p + l] & 0xFF;
      }
      if (total > 256 || p + 17 + total > end) {
        return "DHT length";
      }
      Huffman table = tableClass == 0 ? dcTables[id] : acTables[id];
      if (!table.build(b, p + 1, p + 17, total, tableClass == 0)) {
        return "bad Huffman table";
      }
      p += 17 + total;
    }
    return null;
  }

  private String readFrame(byte[] b, int marker, int p, int end) {
    baseline = marker == 0xC0 || marker == 0xC1;
    if (end - p < 6) {
      return "SOF length";
    }
    int precision = b[p] & 0xFF;
    height = (b[p + 1] & 0xFF) << 8 | (b[p + 2] & 0xFF);
    width = (b[p + 3] & 0xFF) << 8 | (b[p + 4] & 0xFF);
    components = b[p + 5] & 0xFF;
    if (end - p != 6 + 3 * components || components > 4) {
      return "SOF length";
    }
    if (!baseline) {
      scopeProblem = String.format("frame type 0xFF%02X is not baseline Huffman", marker);
    } else if (precision != 8 || width == 0 || height == 0) {
      scopeProblem = "precision " + precision + ", size " + width + "x" + height;
    } else if (components != 1 && components != 3) {
      scopeProblem = components + " components";
    }
    hMax = 1;
    vMax = 1;
    for (int c = 0; c < components; c++) {
      int q = p + 6 + 3 * c;
      componentId[c] = b[q] & 0xFF;
      hSampling[c] = (b[q + 1] & 0xFF) >> 4;
      vSampling[c] = b[q + 1] & 0x0F;
      quantSelector[c] = b[q + 2] & 0xFF;
      if (hSampling[c] < 1 || hSampling[c] > 2 || vSampling[c] < 1 || vSampling[c] > 2 || quantSelector[c] > 3) {
        scopeProblem = "sampling factors or quantiser selector";
      }
      hMax = Math.max(hMax, hSampling[c]);
      vMax = Math.max(vMax, vSampling[c]);
    }
    if (components > 0 && (hSampling[0] != hMax || vSampling[0] != vMax)) {
      scopeProblem = "first component not at full resolution";
    }
    return null;
  }

  private String readScan(byte[] b, int p, int end) {
    int count = b[p] & 0xFF;
    if (end - p != 4 + 2 * count) {
      return "SOS length";
    }
    if (count != components) {
      return "scan with " + count + " of " + components + " components";
    }
    for (int i = 0; i < count; i++) {
      int id = b[p + 1 + 2 * i] & 0xFF;
      if (i >= components || componentId[i] != id) {
        return "scan components not in frame order";
      }
      dcSelector[i] = (b[p + 2 + 2 * i] & 0xFF) >> 4;
      acSelector[i] = b[p + 2 + 2 * i] & 0x0F;
      if (dcSelector[i] > 3 || acSelector[i] > 3 || !dcTables[dcSelector[i]].defined
          || !acTables[acSelector[i]].defined || !quantDefined[quantSelector[i]]) {
        return "scan refers to an undefined table";
      }
    }
    int q = p + 1 + 2 * count;
    int ss = b[q] & 0xFF;
    int se = b[q + 1] & 0xFF;
    int approx = b[q + 2] & 0xFF;
    if (baseline && (ss != 0 || se != 63 || approx != 0)) {
      return "spectral selection " + ss + ".." + se + ", approximation " + approx;
    }
    return null;
  }

  /**
   * Decodes every block's Huffman codes and checks the scan's structure (restart markers in sequence, nothing but
   * padding before each marker, EOI after the last block), computing no pixel. Call after {@link #parse} returned
   * {@code null}.
   *
   * @return whether the data is complete and well-formed
   */
  boolean check(byte[] b) {
    return scan(b, 0);
  }

  /**
   * Returns the centred square of the image area-averaged to {@code size} x {@code size} with {@code channels}
   * (3 RGB, 1 grey: luma), or {@code null} when the data is not well-formed. Call after {@link #parse} returned
   * {@code null}; the square's side must be at least {@code size}.
   */
  ByteImage decodeArea(byte[] b, int size, int channels) {
    int side = Math.min(width, height);
    if (side < size) {
      throw new IllegalArgumentException("side " + side + " is smaller than the output " + size);
    }
    outSize = size;
    int used = channels == 1 ? 1 : components;
    double scale = (double) side / size;
    for (int c = 0; c < used; c++) {
      int rx = components == 1 ? 1 : hMax / hSampling[c];
      int ry = components == 1 ? 1 : vMax / vSampling[c];
      int samplesWide = components == 1 ? width : (width * hSampling[c] + hMax - 1) / hMax;
      int samplesHigh = components == 1 ? height : (height * vSampling[c] + vMax - 1) / vMax;
      columns[c].build(blocksWide(c), rx, samplesWide, width, (width - side) / 2, scale, size);
      rows[c].build(blocksHigh(c), ry, samplesHigh, height, (height - side) / 2, scale, size);
      if (sums[c] == null || sums[c].length < size * size) {
        sums[c] = new float[size * size];
      } else {
        Arrays.fill(sums[c], 0, size * size, 0f);
      }
      int need = 8 * Math.max(columns[c].maxCount, 1);
      if (rowSums.length < need) {
        rowSums = new float[need];
      }
    }
    if (!scan(b, used)) {
      return null;
    }
    byte[] out = new byte[size * size * channels];
    float[] y = sums[0];
    if (used == 1) {
      for (int i = 0, o = 0; i < size * size; i++) {
        int v = clamp(y[i] + 128f);
        out[o++] = (byte) v;
        if (channels == 3) {
          out[o++] = (byte) v;
          out[o++] = (byte) v;
        }
      }
    } else {
      float[] cb = sums[1];
      float[] cr = sums[2];
      for (int i = 0, o = 0; i < size * size; i++) {
        float yy = y[i] + 128f;
        out[o++] = (byte) clamp(yy + 1.402f * cr[i]);
        out[o++] = (byte) clamp(yy - 0.344136f * cb[i] - 0.714136f * cr[i]);
        out[o++] = (byte) clamp(yy + 1.772f * cb[i]);
      }
    }
    return new ByteImage(size, size, channels, out);
  }

  private int mcusWide() {
    return components == 1 ? (width + 7) / 8 : (width + 8 * hMax - 1) / (8 * hMax);
  }

  private int mcusHigh() {
    return components == 1 ? (height + 7) / 8 : (height + 8 * vMax - 1) / (8 * vMax);
  }

  private int blocksWide(int c) {
    return components == 1 ? mcusWide() : mcusWide() * hSampling[c];
  }

  private int blocksHigh(int c) {
    return components == 1 ? mcusHigh() : mcusHigh() * vSampling[c];
  }

  /**
   * Entropy-decodes the whole scan; the first {@code transformed} components' blocks that fall inside the output
   * square are added to the output sums, the others only decoded.
   */
  private boolean scan(byte[] b, int transformed) {
    pos = scanStart;
    acc = 0;
    bits = 0;
    padBits = 0;
    markerHit = false;
    int[] predictor = new int[4];
    int mcusW = mcusWide();
    int total = mcusW * mcusHigh();
    int restarts = 0;
    boolean single = components == 1;
    int[] nzAt = nonzeroAt;
    float[] nzValue = nonzeroValue;
    int n = b.length;
    for (int m = 0; m < total; m++) {
      if (restartInterval > 0 && m > 0 && m % restartInterval == 0) {
        if (!endSegment(b, 0xD0 + (restarts++ & 7))) {
          return false;
        }
        Arrays.fill(predictor, 0);
      }
      int mx = m % mcusW;
      int my = m / mcusW;
      // The bit reader lives in locals for the MCU: fields would be written back on every access.
      int p = pos;
      long a = acc;
      int nb = bits;
      int pad = padBits;
      boolean marker = markerHit;
      int markerAt = markerPos;
      for (int c = 0; c < components; c++) {
        int h = single ? 1 : hSampling[c];
        int v = single ? 1 : vSampling[c];
        Huffman dc = dcTables[dcSelector[c]];
        Huffman ac = acTables[acSelector[c]];
        int[] q = quant[quantSelector[c]];
        for (int by = 0; by < v; by++) {
          int blockRow = my * v + by;
          for (int bx = 0; bx < h; bx++) {
            int blockCol = mx * h + bx;
            boolean keep = c < transformed && rows[c].count[blockRow] > 0 && columns[c].count[blockCol] > 0;
            int rowMask = 0;
            int nz = 0;
            // k = 0 is the DC difference, 1..63 the AC coefficients.
            for (int k = 0; k < 64; k++) {
              if (nb < 32) {
                int word;
                if (!marker && p + 4 <= n && noFf(word = (int) INT_BE.get(b, p))) {
                  a |= (word & 0xFFFFFFFFL) << (32 - nb);
                  nb += 32;
                  p += 4;
                } else {
                  // Near 0xFF (stuffing or a marker) or the end: the careful way, through the fields.
                  pos = p;
                  acc = a;
                  bits = nb;
                  padBits = pad;
                  markerHit = marker;
                  markerPos = markerAt;
                  fill(b);
                  p = pos;
                  a = acc;
                  nb = bits;
                  pad = padBits;
                  marker = markerHit;
                  markerAt = markerPos;
                }
              }
              int idx = (int) (a >>> (64 - LOOKAHEAD));
              if (k > 0) {
                // Most AC coefficients: code and value bits in one lookup.
                int fast = ac.fastAc[idx];
                if (fast != 0) {
                  int len = fast & 15;
                  k += (fast >> 4) & 15;
                  a <<= len;
                  nb -= len;
                  if (k > 63) {
                    return false;
                  }
                  if (keep) {
                    int z = ZIGZAG[k];
                    nzAt[nz] = z;
                    nzValue[nz++] = (fast >> 8) * q[k];
                    rowMask |= 1 << (z >> 3);
                  }
                  continue;
                }
              }
              Huffman table = k == 0 ? dc : ac;
              int look = table.lookahead[idx];
              int len;
              int rs;
              if (look != 0) {
                len = look >> 8;
                rs = look & 0xFF;
              } else {
                len = table.slowLength(a);
                if (len < 0) {
                  return false; // libjpeg warns "Corrupt JPEG data: bad Huffman code"
                }
                rs = table.slowSymbol(a, len);
              }
              a <<= len;
              nb -= len;
              if (k == 0) {
                // rs is the size of the DC difference.
                if (rs > 0) {
                  int raw = (int) (a >>> (64 - rs));
                  a <<= rs;
                  nb -= rs;
                  predictor[c] += raw < (1 << (rs - 1)) ? raw - (1 << rs) + 1 : raw;
                }
                if (keep) {
                  nzAt[0] = 0;
                  nzValue[0] = predictor[c] * q[0];
                  nz = 1;
                  rowMask = 1;
                }
                continue;
              }
              int r = rs >> 4;
              int s = rs & 15;
              if (s == 0) {
                if (r != 15) {
                  break;
                }
                k += 15;
                continue;
              }
              k += r;
              if (k > 63) {
                return false;
              }
              int raw = (int) (a >>> (64 - s));
              a <<= s;
              nb -= s;
              if (keep) {
                int z = ZIGZAG[k];
                nzAt[nz] = z;
                nzValue[nz++] = (raw < (1 << (s - 1)) ? raw - (1 << s) + 1 : raw) * q[k];
                rowMask |= 1 << (z >> 3);
              }
            }
            if (keep) {
              accumulate(c, blockRow, blockCol, rowMask, nz);
            }
          }
        }
      }
      pos = p;
      acc = a;
      bits = nb;
      padBits = pad;
      markerHit = marker;
      markerPos = markerAt;
    }
    return endSegment(b, 0xD9);
  }

  /**
   * Adds one block's share of every output pixel it touches to the output sums: first each nonzero coefficient
   * against the column weights into per-row partial sums, then those against the row weights.
   */
  private void accumulate(int c, int blockRow, int blockCol, int rowMask, int nz) {
    Footprint fx = columns[c];
    Footprint fy = rows[c];
    int sx = fx.count[blockCol];
    int sy = fy.count[blockRow];
    float[] kx = fx.weights;
    float[] ky = fy.weights;
    int kxBase = fx.offset[blockCol];
    int kyBase = fy.offset[blockRow];
    float[] t = rowSums;
    int[] at = nonzeroAt;
    float[] value = nonzeroValue;
    // A block that lies whole inside one output pixel along an axis contributes only its mean along it: every
    // other frequency sums to zero over the block, so only coefficient column (or row) 0 counts.
    boolean wholeX = fx.whole[blockCol];
    int used = fy.whole[blockRow] ? rowMask & 1 : rowMask;
    Arrays.fill(t, 0, sx * 8, 0f);
    for (int e = 0; e < nz; e++) {
      int z = at[e];
      int v = z >> 3;
      int u = z & 7;
      if ((used & (1 << v)) == 0 || (wholeX && u != 0)) {
        continue;
      }
      float f = value[e];
      int w = kxBase + u;
      for (int j = 0; j < sx; j++, w += 8) {
        t[j * 8 + v] += f * kx[w];
      }
    }
    float[] out = sums[c];
    int firstX = fx.first[blockCol];
    int firstY = fy.first[blockRow];
    for (int i = 0; i < sy; i++) {
      int w = kyBase + i * 8;
      int o = (firstY + i) * outSize + firstX;
      float k0 = ky[w];
      float k1 = ky[w + 1];
      float k2 = ky[w + 2];
      float k3 = ky[w + 3];
      float k4 = ky[w + 4];
      float k5 = ky[w + 5];
      float k6 = ky[w + 6];
      float k7 = ky[w + 7];
      for (int j = 0, tb = 0; j < sx; j++, tb += 8) {
        // Rows without a nonzero coefficient hold zeros in t.
        out[o + j] += k0 * t[tb] + k1 * t[tb + 1] + k2 * t[tb + 2] + k3 * t[tb + 3] + k4 * t[tb + 4]
            + k5 * t[tb + 5] + k6 * t[tb + 6] + k7 * t[tb + 7];
      }
    }
  }

  /**
   * Ends an entropy-coded segment: no data bits read past its end, fewer than 8 bits (the padding) left before
   * the next marker, and that marker is {@code expected}; then starts the next segment after it.
   */
  private boolean endSegment(byte[] b, int expected) {
    fill(b); // so that a marker right after the padding is seen
    int n = b.length;
    int real = bits - padBits;
    if (real < 0 || real >= 8 || !markerHit) {
      return false; // read past the data (cut file), or extra bytes before the marker (libjpeg warns)
    }
    int q = markerPos;
    while (q < n && (b[q] & 0xFF) == 0xFF) {
      q++;
    }
    if (q >= n || q == markerPos || (b[q] & 0xFF) != expected) {
      return false;
    }
    pos = q + 1;
    acc = 0;
    bits = 0;
    padBits = 0;
    markerHit = false;
    return true;
  }

  /**
   * Tops the bit buffer up to more than 56 bits a byte at a time, undoing 0xFF00 stuffing; at a marker or the end
   * of the data it appends zero bits and counts them in {@link #padBits}, so that reading past the data is noticed.
   */
  private void fill(byte[] b) {
    int n = b.length;
    while (bits <= 56) {
      int x = 0;
      if (markerHit) {
        padBits += 8;
      } else if (pos >= n) {
        markerHit = true;
        markerPos = n;
        padBits += 8;
      } else {
        x = b[pos] & 0xFF;
        if (x != 0xFF) {
          pos++;
        } else if (pos + 1 < n && b[pos + 1] == 0) {
          pos += 2;
        } else {
          markerHit = true;
          markerPos = pos;
          x = 0;
          padBits += 8;
        }
      }
      acc |= ((long) x) << (56 - bits);
      bits += 8;
    }
  }

  /** Whether none of the four bytes of {@code word} is 0xFF (no stuffing and no marker among them). */
  private static boolean noFf(int word) {
    int x = ~word;
    return ((x - 0x01010101) & ~x & 0x80808080) == 0;
  }

  private static int clamp(float v) {
    int r = Math.round(v);
    return r < 0 ? 0 : Math.min(r, 255);
  }

  /**
   * Where the output pixels fall on one component's blocks along one axis: for each block, the first output pixel
   * it touches, how many, and per touched output pixel 8 weights, one per DCT frequency, that turn the block's
   * coefficients along this axis into its share of that output pixel's average.
   *
   * <p>A subsampled component (ratio 2) is weighted as the full decode sees it: interpolated to full resolution
   * with libjpeg's "fancy" triangle filter (full-resolution pixel 2i takes 3/4 of sample i and 1/4 of sample i - 1,
   * pixel 2i + 1 takes 3/4 of sample i and 1/4 of sample i + 1, the edge samples repeated), so that each sample's
   * weight spreads over four full-resolution pixels, one of them in each neighbouring block's span.
   */
  private static final class Footprint {
    int[] first = new int[0];
    int[] count = new int[0];
    int[] offset = new int[0];
    /** Whether the block lies entirely inside one output pixel (then its only nonzero weight is frequency 0). */
    boolean[] whole = new boolean[0];
    float[] weights = new float[0];
    int maxCount;
    private final double[] sampleWeight = new double[8];

    /**
     * @param blocks blocks along the axis
     * @param ratio full-resolution pixels per component sample: 1, or 2 for subsampled chroma
     * @param samples the component's valid samples along the axis
     * @param pixels the image's pixels along the axis
     * @param origin first pixel of the centred square
     * @param scale source pixels per output pixel
     * @param size output pixels along the axis
     */
    void build(int blocks, int ratio, int samples, int pixels, int origin, double scale, int size) {
      if (first.length < blocks) {
        first = new int[blocks];
        count = new int[blocks];
        offset = new int[blocks];
        whole = new boolean[blocks];
      }
      // A block spans 8 * ratio pixels, plus one on each side for the interpolation.
      int reach = ratio == 1 ? 0 : 1;
      maxCount = (int) Math.ceil((8.0 * ratio + 2 * reach) / scale) + 2;
      if (weights.length < blocks * maxCount * 8) {
        weights = new float[blocks * maxCount * 8];
      }
      double end = size * scale;
      for (int blk = 0; blk < blocks; blk++) {
        // The pixels the block's samples reach, relative to the square, and the output pixels they overlap.
        int pixelLo = Math.max(0, blk * 8 * ratio - reach);
        int pixelHi = Math.min(pixels, (blk + 1) * 8 * ratio + reach);
        double lo = pixelLo - origin;
        double hi = pixelHi - origin;
        double clipLo = Math.max(lo, 0);
        double clipHi = Math.min(hi, end);
        offset[blk] = blk * maxCount * 8;
        if (clipHi <= clipLo || blk * 8 >= samples) {
          count[blk] = 0;
          whole[blk] = false;
          continue;
        }
        int i0 = (int) Math.floor(clipLo / scale);
        int i1 = Math.min(size - 1, (int) Math.ceil(clipHi / scale) - 1);
        first[blk] = i0;
        count[blk] = i1 - i0 + 1;
        whole[blk] = ratio == 1 && i0 == i1 && clipLo == lo && clipHi == hi;
        int base = offset[blk];
        Arrays.fill(weights, base, base + count[blk] * 8, 0f);
        for (int pixel = pixelLo; pixel < pixelHi; pixel++) {
          // How much of this pixel each of the block's 8 samples makes up.
          Arrays.fill(sampleWeight, 0);
          if (ratio == 1) {
            sampleWeight[pixel - blk * 8] = 1;
          } else {
            int near = pixel >> 1;
            int other = Math.max(0, Math.min(samples - 1, (pixel & 1) == 0 ? near - 1 : near + 1));
            near = Math.min(near, samples - 1);
            if (near >= blk * 8 && near < blk * 8 + 8) {
              sampleWeight[near - blk * 8] += 0.75;
            }
            if (other >= blk * 8 && other < blk * 8 + 8) {
              sampleWeight[other - blk * 8] += 0.25;
            }
          }
          double p = pixel - origin;
          for (int i = i0; i <= i1; i++) {
            double overlap = Math.min(p + 1, (i + 1) * scale) - Math.max(p, i * scale);
            if (overlap <= 0) {
              continue;
            }
            double share = overlap / scale;
            int w = base + (i - i0) * 8;
            for (int x = 0; x < 8; x++) {
              if (sampleWeight[x] == 0) {
                continue;
              }
              double sw = share * sampleWeight[x];
              for (int f = 0; f < 8; f++) {
                weights[w + f] += (float) (sw * BASIS[f * 8 + x]);
              }
            }
          }
        }
      }
    }
  }

  private static boolean startsWith(byte[] b, int p, int end, String prefix) {
    if (end - p < prefix.length()) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (b[p + i] != (byte) prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** A Huffman decoding table built the way libjpeg builds it (and refused where libjpeg refuses it). */
  private static final class Huffman {
    boolean defined;
    /** Per 9-bit prefix: code length << 8 | symbol, or 0 when the code is longer. */
    final int[] lookahead = new int[1 << LOOKAHEAD];
    /**
     * For AC tables, per 9-bit prefix whose code and extra bits both fit in it: value << 8 | run << 4 | bits used;
     * 0 otherwise (libjpeg-turbo's "fast AC" idea).
     */
    final int[] fastAc = new int[1 << LOOKAHEAD];
    final int[] maxCode = new int[18];
    final int[] valueOffset = new int[17];
    final byte[] values = new byte[256];
    private final int[] sizes = new int[257];
    private final int[] codes = new int[257];

    /** Builds from the 16 counts at {@code b[countsAt..]} and the symbols at {@code b[valuesAt..]}. */
    boolean build(byte[] b, int countsAt, int valuesAt, int total, boolean dc) {
      defined = false;
      int p = 0;
      for (int l = 1; l <= 16; l++) {
        int count = b[countsAt + l - 1] & 0xFF;
        for (int i = 0; i < count; i++) {
          sizes[p++] = l;
        }
      }
      sizes[p] = 0;
      int code = 0;
      int si = sizes[0];
      p = 0;
      while (sizes[p] != 0) {
        while (sizes[p] == si) {
          codes[p++] = code++;
        }
        if (code >= 1 << si) {
          return false; // libjpeg: "Bogus Huffman table definition"
        }
        code <<= 1;
        si++;
      }
      Arrays.fill(lookahead, 0);
      Arrays.fill(fastAc, 0);
      p = 0;
      for (int l = 1; l <= 16; l++) {
        int count = b[countsAt + l - 1] & 0xFF;
        if (count > 0) {
          valueOffset[l] = p - codes[p];
          p += count;
          maxCode[l] = codes[p - 1];
        } else {
          maxCode[l] = -1;
        }
      }
      maxCode[17] = Integer.MAX_VALUE;
      for (int i = 0; i < total; i++) {
        int symbol = b[valuesAt + i] & 0xFF;
        if (dc && symbol > 15) {
          return false; // libjpeg refuses DC symbols over 15
        }
        values[i] = (byte) symbol;
        int l = sizes[i];
        if (l <= LOOKAHEAD) {
          int first = codes[i] << (LOOKAHEAD - l);
          int run = symbol >> 4;
          int extra = symbol & 15;
          for (int k = 0; k < 1 << (LOOKAHEAD - l); k++) {
            lookahead[first + k] = l << 8 | symbol;
            if (!dc && extra > 0 && l + extra <= LOOKAHEAD) {
              int raw = k >> (LOOKAHEAD - l - extra);
              int value = raw < (1 << (extra - 1)) ? raw - (1 << extra) + 1 : raw;
              fastAc[first + k] = value << 8 | run << 4 | (l + extra);
            }
          }
        }
      }
      defined = true;
      return true;
    }

    /** The length of the code longer than the lookahead at the top of {@code a}, or -1 when there is none. */
    int slowLength(long a) {
      for (int l = LOOKAHEAD + 1; l <= 16; l++) {
        if ((int) (a >>> (64 - l)) <= maxCode[l]) {
          return l;
        }
      }
      return -1;
    }

    /** The symbol of the {@code length}-bit code at the top of {@code a}. */
    int slowSymbol(long a, int length) {
      return values[(int) (a >>> (64 - length)) + valueOffset[length]] & 0xFF;
    }
  }
}
