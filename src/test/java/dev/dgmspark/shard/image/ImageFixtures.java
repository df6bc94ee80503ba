package dev.dgmspark.shard.image;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Test images made in code: every good and bad kind of input file the decoder must handle, as bytes.
 *
 * <p>{@link Good} and {@link Bad} list the kinds with what the decoder must do with each; {@link #writeAll}
 * puts one file of each kind in a folder for tests of the jobs that read folders. The lower-level builders
 * (PNG chunks, JPEG segment surgery) are public so tests can make variants.
 */
public final class ImageFixtures {
  /** Pure colours used by the pictures, so tests can look for them after decoding. */
  public static final int RED = 0xFF0000;
  public static final int BLUE = 0x0000FF;
  public static final int WHITE = 0xFFFFFF;

  private ImageFixtures() {}

  /** Good inputs: each decodes, with the source layout the decoder should report. */
  public enum Good {
    RGB_PNG_64("rgb", () -> png(scene(64, 64, 1))),
    RGB_PNG_200X120("rgb", () -> png(scene(200, 120, 2))),
    GREY_PNG("grey", () -> png(grey(scene(80, 80, 3)))),
    GREY_ALPHA_PNG("grey+alpha", () -> png(greyAlpha(64, 64))),
    PALETTE_PNG("palette", () -> png(paletteQuadrants(64, false))),
    PALETTE_TRNS_PNG("palette+alpha", () -> png(paletteQuadrants(64, true))),
    GREY16_PNG("16-bit grey", () -> png(grey16Ramp(64, 64))),
    RGB16_PNG("16-bit rgb", () -> png(rgb16(64, 64, 0xFFFF, 0x8000, 0))),
    RGBA_PNG("rgba", () -> png(rgbaHalves(64, 64))),
    RGB_TRNS_PNG("rgb+trns", () -> rgbWithTransparentKey()),
    GREY1_PNG("1-bit grey", () -> png(new BufferedImage(64, 64, BufferedImage.TYPE_BYTE_BINARY))),
    INTERLACED_PNG("rgb", () -> interlacedPng(scene(96, 96, 4))),
    BASELINE_JPEG("rgb", () -> jpeg(scene(160, 120, 5), false)),
    PROGRESSIVE_JPEG("rgb", () -> jpeg(scene(160, 120, 6), true)),
    GREY_JPEG("grey", () -> jpeg(grey(scene(100, 100, 7)), false)),
    CMYK_JPEG("cmyk", () -> cmykJpeg(64, 48, RED)),
    YCCK_JPEG("ycck", () -> ycckJpeg(64, 48, RED)),
    LARGE_JPEG("rgb", () -> jpeg(scene(1200, 900, 8), false)),
    TINY_PNG("rgb", () -> png(scene(16, 16, 9)));

    private final String layout;
    private final Supplier<byte[]> bytes;

    Good(String layout, Supplier<byte[]> bytes) {
      this.layout = layout;
      this.bytes = bytes;
    }

    /** Returns the layout the decoder should report for this source. */
    public String layout() {
      return layout;
    }

    /** Returns a fresh copy of the file's bytes. */
    public byte[] bytes() {
      return bytes.get();
    }

    /** Returns a file name with the extension of the format. */
    public String fileName() {
      String lower = name().toLowerCase(Locale.ROOT);
      return "good_" + lower + (lower.endsWith("jpeg") ? ".jpg" : ".png");
    }
  }

  /** Bad inputs: each is rejected with the given reason. */
  public enum Bad {
    EMPTY(RejectReason.EMPTY, ".png", () -> new byte[0]),
    RANDOM_BYTES(RejectReason.NOT_AN_IMAGE, ".jpg", () -> randomBytes(4096, 11)),
    TEXT(RejectReason.NOT_AN_IMAGE, ".png", () -> "label,path\ncat,img/0001.png\n".getBytes(StandardCharsets.UTF_8)),
    GIF(RejectReason.UNSUPPORTED_FORMAT, ".gif", () -> encode(scene(32, 32, 12), "gif")),
    BMP(RejectReason.UNSUPPORTED_FORMAT, ".bmp", () -> encode(scene(32, 32, 13), "bmp")),
    TIFF(RejectReason.UNSUPPORTED_FORMAT, ".tif", () -> encode(scene(32, 32, 14), "tiff")),
    WEBP(RejectReason.UNSUPPORTED_FORMAT, ".webp", ImageFixtures::webpHeader),
    PNG_CUT_IN_SIGNATURE(RejectReason.TRUNCATED, ".png", () -> cut(png(scene(64, 64, 15)), 5)),
    PNG_CUT_IN_IHDR(RejectReason.TRUNCATED, ".png", () -> cut(png(scene(64, 64, 15)), 20)),
    PNG_CUT_IN_IDAT(RejectReason.TRUNCATED, ".png", () -> cutInIdat(png(scene(64, 64, 15)))),
    PNG_CUT_BEFORE_IEND(RejectReason.TRUNCATED, ".png", () -> dropLast(png(scene(64, 64, 15)), 12)),
    PNG_CUT_IN_IEND_CRC(RejectReason.TRUNCATED, ".png", () -> dropLast(png(scene(64, 64, 15)), 1)),
    PNG_IDAT_BYTE_FLIPPED(RejectReason.CORRUPT, ".png", () -> flipIdatByte(png(scene(64, 64, 16)))),
    PNG_BAD_ZLIB_GOOD_CRC(RejectReason.CORRUPT, ".png", () -> pngWithIdat(64, 64, 2, randomBytes(300, 17))),
    PNG_SIGNATURE_MANGLED(RejectReason.CORRUPT, ".png", () -> textModeMangled(png(scene(64, 64, 18)))),
    PNG_HUGE_IHDR(RejectReason.TOO_LARGE, ".png", () -> pngWithIdat(30_000, 30_000, 2, randomBytes(64, 19))),
    JPEG_CUT_HALF(RejectReason.TRUNCATED, ".jpg", () -> cutInScan(jpeg(scene(160, 120, 20), false), 0.5)),
    JPEG_CUT_NEAR_END(RejectReason.TRUNCATED, ".jpg", () -> dropLast(jpeg(scene(160, 120, 20), false), 10)),
    JPEG_NO_EOI(RejectReason.TRUNCATED, ".jpg", () -> dropLast(jpeg(scene(160, 120, 20), false), 2)),
    JPEG_CUT_IN_HEADER(RejectReason.TRUNCATED, ".jpg", () -> cut(jpeg(scene(160, 120, 20), false), 300)),
    PROGRESSIVE_JPEG_CUT(RejectReason.TRUNCATED, ".jpg", () -> cutInScan(jpeg(scene(160, 120, 21), true), 0.4)),
    JPEG_HUGE_SOF(RejectReason.TOO_LARGE, ".jpg", () -> jpegWithSize(jpeg(scene(64, 64, 22), false), 30_000, 30_000)),
    JPEG_ARITHMETIC(RejectReason.UNDECODABLE, ".jpg", () -> jpegWithSofMarker(jpeg(scene(64, 64, 23), false), 0xC9));

    private final RejectReason reason;
    private final String extension;
    private final Supplier<byte[]> bytes;

    Bad(RejectReason reason, String extension, Supplier<byte[]> bytes) {
      this.reason = reason;
      this.extension = extension;
      this.bytes = bytes;
    }

    /** Returns the reason the decoder must give. */
    public RejectReason reason() {
      return reason;
    }

    /** Returns a fresh copy of the file's bytes. */
    public byte[] bytes() {
      return bytes.get();
    }

    /** Returns a file name with the extension such a file would typically carry. */
    public String fileName() {
      return "bad_" + name().toLowerCase(Locale.ROOT) + extension;
    }
  }

  /** Writes one file of every good and bad kind into {@code dir} and returns how many were written. */
  public static int writeAll(Path dir) throws IOException {
    Files.createDirectories(dir);
    int n = 0;
    for (Good g : Good.values()) {
      Files.write(dir.resolve(g.fileName()), g.bytes());
      n++;
    }
    for (Bad b : Bad.values()) {
      Files.write(dir.resolve(b.fileName()), b.bytes());
      n++;
    }
    return n;
  }

  // ---------------------------------------------------------------- pictures

  /** Returns a picture of random shapes over a gradient, like a small photo in how it compresses. */
  public static BufferedImage scene(int w, int h, long seed) {
    Random r = new Random(seed);
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setPaint(new GradientPaint(0, 0, new Color(r.nextInt(0x1000000)), w, h, new Color(r.nextInt(0x1000000))));
    g.fillRect(0, 0, w, h);
    int shapes = 8 + r.nextInt(8);
    for (int i = 0; i < shapes; i++) {
      g.setColor(new Color(r.nextInt(0x1000000)));
      int x = r.nextInt(w);
      int y = r.nextInt(h);
      int sw = 2 + r.nextInt(Math.max(1, w / 2));
      int sh = 2 + r.nextInt(Math.max(1, h / 2));
      switch (r.nextInt(3)) {
        case 0 -> g.fillOval(x, y, sw, sh);
        case 1 -> g.fillRect(x, y, sw, sh);
        default -> g.drawLine(x, y, r.nextInt(w), r.nextInt(h));
      }
    }
    g.dispose();
    return img;
  }

  /**
   * Returns a landscape or portrait picture whose centred square is white with a red square in its middle,
   * and whose parts outside that square are blue: after a centre crop no blue may remain.
   */
  public static BufferedImage centreMarker(int w, int h) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(new Color(BLUE));
    g.fillRect(0, 0, w, h);
    int side = Math.min(w, h);
    int x0 = (w - side) / 2;
    int y0 = (h - side) / 2;
    g.setColor(new Color(WHITE));
    g.fillRect(x0, y0, side, side);
    g.setColor(new Color(RED));
    g.fillRect(x0 + side * 3 / 8, y0 + side * 3 / 8, side / 4, side / 4);
    g.dispose();
    return img;
  }

  /** Returns {@code img} as an 8-bit grey image (Java2D's conversion; fine for a fixture). */
  public static BufferedImage grey(BufferedImage img) {
    BufferedImage out = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = out.createGraphics();
    g.drawImage(img, 0, 0, null);
    g.dispose();
    return out;
  }

  /** Returns grey+alpha: grey 100 everywhere, opaque in the left half, fully transparent in the right. */
  public static BufferedImage greyAlpha(int w, int h) {
    ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), true, false,
        Transparency.TRANSLUCENT, DataBuffer.TYPE_BYTE);
    WritableRaster raster = cm.createCompatibleWritableRaster(w, h);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        raster.setPixel(x, y, new int[] {100, x < w / 2 ? 255 : 0});
      }
    }
    return new BufferedImage(cm, raster, false, null);
  }

  /** Returns a palette image with red, green, blue and black quadrants; with alpha, black is transparent. */
  public static BufferedImage paletteQuadrants(int side, boolean transparentBlack) {
    byte[] r = {(byte) 255, 0, 0, 0};
    byte[] g = {0, (byte) 255, 0, 0};
    byte[] b = {0, 0, (byte) 255, 0};
    IndexColorModel cm = transparentBlack
        ? new IndexColorModel(8, 4, r, g, b, new byte[] {(byte) 255, (byte) 255, (byte) 255, 0})
        : new IndexColorModel(8, 4, r, g, b);
    BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_INDEXED, cm);
    WritableRaster raster = img.getRaster();
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        raster.setSample(x, y, 0, (y < side / 2 ? 0 : 2) + (x < side / 2 ? 0 : 1));
      }
    }
    return img;
  }

  /** Returns a 16-bit grey ramp rising left to right: sample = x * 65535 / (w - 1). */
  public static BufferedImage grey16Ramp(int w, int h) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_USHORT_GRAY);
    WritableRaster raster = img.getRaster();
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        raster.setSample(x, y, 0, x * 65535 / (w - 1));
      }
    }
    return img;
  }

  /** Returns a 16-bit RGB image of one colour. */
  public static BufferedImage rgb16(int w, int h, int r, int g, int b) {
    ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB),
        new int[] {16, 16, 16}, false, false, Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
    WritableRaster raster = cm.createCompatibleWritableRaster(w, h);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        raster.setPixel(x, y, new int[] {r, g, b});
      }
    }
    return new BufferedImage(cm, raster, false, null);
  }

  /** Returns RGBA: opaque red in the left half, fully transparent black in the right half. */
  public static BufferedImage rgbaHalves(int w, int h) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, x < w / 2 ? 0xFF000000 | RED : 0x00000000);
      }
    }
    return img;
  }

  // ---------------------------------------------------------------- encoders

  /** Returns {@code img} encoded by ImageIO's PNG writer. */
  public static byte[] png(BufferedImage img) {
    return encode(img, "png");
  }

  /** Returns {@code img} encoded with ImageIO in {@code format}; fails if no writer takes the image. */
  public static byte[] encode(BufferedImage img, String format) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      if (!ImageIO.write(img, format, out)) {
        throw new IllegalStateException("No ImageIO writer for " + format + " and image type " + img.getType());
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Returns {@code img} as an Adam7-interlaced PNG. */
  public static byte[] interlacedPng(BufferedImage img) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
    ImageWriteParam param = writer.getDefaultWriteParam();
    param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
    return write(writer, new IIOImage(img, null, null), param);
  }

  /** Returns {@code img} as a JPEG (quality 0.9), baseline or progressive. */
  public static byte[] jpeg(BufferedImage img, boolean progressive) {
    ImageWriter writer = jdkJpegWriter();
    ImageWriteParam param = writer.getDefaultWriteParam();
    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
    param.setCompressionQuality(0.9f);
    if (progressive) {
      param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
    }
    return write(writer, new IIOImage(img, null, null), param);
  }

  /**
   * Returns an Adobe CMYK JPEG of one colour, the way Photoshop writes it: APP14 "Adobe" with transform 0
   * and inverted samples (255 means no ink).
   */
  public static byte[] cmykJpeg(int w, int h, int rgb) {
    int[] ink = naiveCmyk(rgb);
    int[] stored = {255 - ink[0], 255 - ink[1], 255 - ink[2], 255 - ink[3]};
    return withAdobeSegment(fourChannelJpeg(w, h, stored), 0);
  }

  /**
   * Returns an Adobe YCCK JPEG of one colour (APP14 transform 2): libjpeg's YCCK is YCbCr of the ink values
   * C, M, Y (which after Adobe's inversion decode back to 255 - C' = C) plus inverted K.
   */
  public static byte[] ycckJpeg(int w, int h, int rgb) {
    int[] ink = naiveCmyk(rgb);
    double r = ink[0];
    double g = ink[1];
    double b = ink[2];
    int y = clamp(0.299 * r + 0.587 * g + 0.114 * b);
    int cb = clamp(-0.168736 * r - 0.331264 * g + 0.5 * b + 128);
    int cr = clamp(0.5 * r - 0.418688 * g - 0.081312 * b + 128);
    return withAdobeSegment(fourChannelJpeg(w, h, new int[] {y, cb, cr, 255 - ink[3]}), 2);
  }

  /** Returns an RGB PNG whose left half is colour 0x102030, made transparent by a tRNS colour key. */
  public static byte[] rgbWithTransparentKey() {
    BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 64; y++) {
      for (int x = 0; x < 64; x++) {
        img.setRGB(x, y, x < 32 ? 0x102030 : RED);
      }
    }
    return insertChunkBefore(png(img), "IDAT", chunk("tRNS", new byte[] {0, 0x10, 0, 0x20, 0, 0x30}));
  }

  /** Returns the first bytes of a lossless WebP file: enough for any signature check, not a real image. */
  public static byte[] webpHeader() {
    byte[] b = new byte[30];
    System.arraycopy("RIFF".getBytes(StandardCharsets.US_ASCII), 0, b, 0, 4);
    b[4] = 22; // RIFF size: file length - 8
    System.arraycopy("WEBPVP8L".getBytes(StandardCharsets.US_ASCII), 0, b, 8, 8);
    b[16] = 10; // VP8L chunk size
    b[20] = 0x2F; // VP8L signature byte
    return b;
  }

  // ---------------------------------------------------------------- PNG surgery

  /** Returns a PNG chunk: length, type, data, CRC-32. */
  public static byte[] chunk(String type, byte[] data) {
    byte[] c = new byte[12 + data.length];
    putInt(c, 0, data.length);
    byte[] t = type.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(t, 0, c, 4, 4);
    System.arraycopy(data, 0, c, 8, data.length);
    CRC32 crc = new CRC32();
    crc.update(c, 4, 4 + data.length);
    putInt(c, 8 + data.length, (int) crc.getValue());
    return c;
  }

  /** Returns a PNG built from a header and the given IDAT payload, with correct CRCs, allocating no pixels. */
  public static byte[] pngWithIdat(int width, int height, int colourType, byte[] idat) {
    byte[] ihdr = new byte[13];
    putInt(ihdr, 0, width);
    putInt(ihdr, 4, height);
    ihdr[8] = 8;
    ihdr[9] = (byte) colourType;
    return concat(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}, chunk("IHDR", ihdr),
        chunk("IDAT", idat), chunk("IEND", new byte[0]));
  }

  /** Returns an 8-bit RGB PNG built by hand from raw samples (filter type 0 on every row). */
  public static byte[] rawRgbPng(int width, int height, byte[] rgb) {
    return pngWithIdat(width, height, 2, zlib(filteredRows(width, height, rgb, -1, 0), true));
  }

  /**
   * Returns the PNG data stream for raw RGB samples: each row prefixed by filter type 0, except row
   * {@code badRow}, which gets filter type {@code badFilter}.
   */
  public static byte[] filteredRows(int width, int height, byte[] rgb, int badRow, int badFilter) {
    byte[] raw = new byte[height * (1 + width * 3)];
    for (int y = 0; y < height; y++) {
      raw[y * (1 + width * 3)] = (byte) (y == badRow ? badFilter : 0);
      System.arraycopy(rgb, y * width * 3, raw, y * (1 + width * 3) + 1, width * 3);
    }
    return raw;
  }

  /** Returns {@code raw} zlib-compressed; without {@code finish} the stream lacks its end and Adler-32. */
  public static byte[] zlib(byte[] raw, boolean finish) {
    Deflater deflater = new Deflater();
    deflater.setInput(raw);
    ByteArrayOutputStream z = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    if (finish) {
      deflater.finish();
      while (!deflater.finished()) {
        z.write(buf, 0, deflater.deflate(buf));
      }
    } else {
      int n;
      while ((n = deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH)) > 0) {
        z.write(buf, 0, n);
      }
    }
    deflater.end();
    return z.toByteArray();
  }

  /** Returns {@code png} with {@code chunk} inserted before the first chunk of type {@code type}. */
  public static byte[] insertChunkBefore(byte[] png, String type, byte[] chunk) {
    int at = chunkOffset(png, type);
    return concat(Arrays.copyOf(png, at), chunk, Arrays.copyOfRange(png, at, png.length));
  }

  /** Returns the offset of the first chunk of {@code type} (its length field), walking the chunk list. */
  public static int chunkOffset(byte[] png, String type) {
    int pos = 8;
    while (pos + 8 <= png.length) {
      if (new String(png, pos + 4, 4, StandardCharsets.US_ASCII).equals(type)) {
        return pos;
      }
      pos += 12 + readInt(png, pos);
    }
    throw new IllegalArgumentException("No " + type + " chunk");
  }

  /** Returns {@code png} with one byte in the middle of the first IDAT's data inverted (CRC left stale). */
  public static byte[] flipIdatByte(byte[] png) {
    byte[] b = png.clone();
    int at = chunkOffset(b, "IDAT");
    int len = readInt(b, at);
    b[at + 8 + len / 2] ^= (byte) 0xFF;
    return b;
  }

  /** Returns {@code png} cut in the middle of its first IDAT chunk. */
  public static byte[] cutInIdat(byte[] png) {
    int at = chunkOffset(png, "IDAT");
    return cut(png, at + 8 + readInt(png, at) / 2);
  }

  /** Returns {@code png} as an FTP text-mode transfer on Unix leaves it: the signature's CR LF becomes LF. */
  public static byte[] textModeMangled(byte[] png) {
    byte[] b = new byte[png.length - 1];
    System.arraycopy(png, 0, b, 0, 4);
    System.arraycopy(png, 5, b, 4, png.length - 5);
    return b;
  }

  // ---------------------------------------------------------------- JPEG surgery

  /** Returns {@code jpeg} with its frame header (SOF) declaring another size; the data stays as it was. */
  public static byte[] jpegWithSize(byte[] jpeg, int width, int height) {
    byte[] b = jpeg.clone();
    int sof = segmentOffset(b, 0xC0, 0xC1, 0xC2);
    b[sof + 5] = (byte) (height >> 8);
    b[sof + 6] = (byte) height;
    b[sof + 7] = (byte) (width >> 8);
    b[sof + 8] = (byte) width;
    return b;
  }

  /** Returns {@code jpeg} with its SOF marker replaced, e.g. 0xC9 for arithmetic coding. */
  public static byte[] jpegWithSofMarker(byte[] jpeg, int marker) {
    byte[] b = jpeg.clone();
    b[segmentOffset(b, 0xC0, 0xC1, 0xC2) + 1] = (byte) marker;
    return b;
  }

  /** Returns {@code jpeg} with stray bytes between two header segments, which libjpeg warns about. */
  public static byte[] jpegWithStrayBytes(byte[] jpeg) {
    int dqt = segmentOffset(jpeg, 0xDB);
    return concat(Arrays.copyOf(jpeg, dqt), new byte[] {1, 2, 3}, Arrays.copyOfRange(jpeg, dqt, jpeg.length));
  }

  /** Returns {@code jpeg} cut at {@code fraction} of the way through its entropy-coded data. */
  public static byte[] cutInScan(byte[] jpeg, double fraction) {
    int sos = segmentOffset(jpeg, 0xDA);
    return cut(jpeg, sos + (int) ((jpeg.length - sos) * fraction));
  }

  /** Returns the offset of the first marker segment with one of {@code markers} (at its 0xFF byte). */
  public static int segmentOffset(byte[] jpeg, int... markers) {
    int pos = 2;
    while (pos + 4 <= jpeg.length) {
      if ((jpeg[pos] & 0xFF) != 0xFF) {
        pos++;
        continue;
      }
      int marker = jpeg[pos + 1] & 0xFF;
      for (int m : markers) {
        if (m == marker) {
          return pos;
        }
      }
      if (marker == 0xDA) {
        break;
      }
      pos += 2 + ((jpeg[pos + 2] & 0xFF) << 8 | (jpeg[pos + 3] & 0xFF));
    }
    throw new IllegalArgumentException("No JPEG segment " + Arrays.toString(markers));
  }

  // ---------------------------------------------------------------- bytes

  /** Returns the first {@code length} bytes. */
  public static byte[] cut(byte[] b, int length) {
    return Arrays.copyOf(b, length);
  }

  /** Returns all but the last {@code n} bytes. */
  public static byte[] dropLast(byte[] b, int n) {
    return Arrays.copyOf(b, b.length - n);
  }

  /** Returns seeded random bytes (which never start with a known image signature for the seeds used). */
  public static byte[] randomBytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** Returns the arrays joined. */
  public static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.write(p, 0, p.length);
    }
    return out.toByteArray();
  }

  /** Reads a big-endian int. */
  public static int readInt(byte[] b, int pos) {
    return (b[pos] & 0xFF) << 24 | (b[pos + 1] & 0xFF) << 16 | (b[pos + 2] & 0xFF) << 8 | (b[pos + 3] & 0xFF);
  }

  private static void putInt(byte[] b, int pos, int v) {
    b[pos] = (byte) (v >>> 24);
    b[pos + 1] = (byte) (v >>> 16);
    b[pos + 2] = (byte) (v >>> 8);
    b[pos + 3] = (byte) v;
  }

  private static int[] naiveCmyk(int rgb) {
    int r = (rgb >> 16) & 0xFF;
    int g = (rgb >> 8) & 0xFF;
    int b = rgb & 0xFF;
    int k = 255 - Math.max(r, Math.max(g, b));
    if (k == 255) {
      return new int[] {0, 0, 0, 255};
    }
    return new int[] {(255 - r - k) * 255 / (255 - k), (255 - g - k) * 255 / (255 - k),
        (255 - b - k) * 255 / (255 - k), k};
  }

  private static int clamp(double v) {
    return (int) Math.max(0, Math.min(255, Math.round(v)));
  }

  /** Writes a 4-band raster as a JPEG; with no APP14 segment the samples are stored as they are. */
  private static byte[] fourChannelJpeg(int w, int h, int[] samples) {
    WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, w, h, 4, null);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        raster.setPixel(x, y, samples);
      }
    }
    return write(jdkJpegWriter(), new IIOImage(raster, null, null), null);
  }

  private static byte[] withAdobeSegment(byte[] jpeg, int transform) {
    byte[] app14 = {(byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, (byte) transform};
    return concat(Arrays.copyOf(jpeg, 2), app14, Arrays.copyOfRange(jpeg, 2, jpeg.length));
  }

  private static ImageWriter jdkJpegWriter() {
    Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName("jpeg");
    ImageWriter first = null;
    while (it.hasNext()) {
      ImageWriter w = it.next();
      if (w.getClass().getName().startsWith("com.sun.imageio.")) {
        return w;
      }
      first = first == null ? w : first;
    }
    return first;
  }

  private static byte[] write(ImageWriter writer, IIOImage image, ImageWriteParam param) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      writer.write(null, image, param);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }
}
