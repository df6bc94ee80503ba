package dev.dgmspark.shard.image;

import dev.dgmspark.io.ImagePlugins;
import dev.dgmspark.io.PngWriter;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.imageio.IIOException;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes and validates one image file at a time into a normalised square image, or says why not.
 *
 * <p>The pipeline: sniff the format from magic bytes; read the header and reject sources over
 * {@link DecodeOptions#maxPixels()} before decoding; check the structure (every PNG chunk's CRC-32, the JPEG
 * marker segments); decode the centred square; convert to 8-bit RGB or grey, compositing transparency over white;
 * resize; encode as PNG.
 *
 * <p>Three shortcuts, each only where it cannot change what a reader sees:
 * <ul>
 *   <li>A PNG that already has the output size and layout is validated in full (CRCs, a complete inflate, every
 *       row filter) and returned as it is (passthrough), whichever program wrote it.
 *   <li>A JPEG that already has the output size and layout (grey, or JFIF YCbCr, without colour profile or Exif) is
 *       returned as it is too, once its entropy-coded data has been checked completely ({@link BaselineJpeg#check})
 *       or, where that decoder declines (progressive files, say), once ImageIO decoded it without a warning.
 *   <li>Any other baseline JPEG whose centred square is at least the output size is area-averaged to the output
 *       straight from its DCT coefficients ({@link BaselineJpeg#decodeArea}): the same pixels as a full decode
 *       followed by the area-averaging resize, without the full decode.
 * </ul>
 * Everything else, and every file those shortcuts decline, goes through ImageIO as before: a large source is
 * subsampled to no less than twice the target side while it is read.
 *
 * <p>{@link #decode} never throws for bad input: every problem becomes a {@link DecodeOutcome.Rejected}.
 * Only {@link Error}s such as {@link OutOfMemoryError} escape.
 *
 * <p>An instance is confined to one thread (one per Spark task): it caches ImageIO readers, a writer and an
 * inflater. Call {@link #close()} to release their native memory.
 */
public final class ImageDecoder implements AutoCloseable {
  private final DecodeOptions options;
  private final PngWriter encoder;
  private final PngDataCheck dataCheck = new PngDataCheck();
  private final BaselineJpeg baselineJpeg = new BaselineJpeg();
  private final List<String> readWarnings = new ArrayList<>();
  private final IIOReadWarningListener warningListener = (source, warning) -> readWarnings.add(warning);
  private ImageReader pngReader;
  private ImageReader jpegReader;

  /** Creates a decoder with {@link DecodeOptions#defaults()}. */
  public ImageDecoder() {
    this(DecodeOptions.defaults());
  }

  /** Creates a decoder with the given options. */
  public ImageDecoder(DecodeOptions options) {
    this.options = Objects.requireNonNull(options, "options");
    this.encoder = new PngWriter(PngWriter.SHARD);
  }

  /** Returns the options this decoder applies. */
  public DecodeOptions options() {
    return options;
  }

  /** Decodes {@code bytes}; same as {@link #decode(byte[], String)} without a name. */
  public DecodeOutcome decode(byte[] bytes) {
    return decode(bytes, null);
  }

  /**
   * Decodes one file.
   *
   * @param bytes the whole file; {@code null} counts as empty
   * @param name the file's name or path, or {@code null}; used only to point out when its extension
   *     disagrees with the content (a warning, or a hint in a rejection message)
   * @return the normalised image or the reason it was rejected; never {@code null}
   */
  public DecodeOutcome decode(byte[] bytes, String name) {
    if (bytes == null || bytes.length == 0) {
      return new DecodeOutcome.Rejected(RejectReason.EMPTY, "file has 0 bytes", null);
    }
    ImageFormat format = ImageFormat.sniff(bytes);
    if (format == null) {
      return new DecodeOutcome.Rejected(RejectReason.NOT_AN_IMAGE, describeUnknown(bytes, name), null);
    }
    if (!format.decodable()) {
      return new DecodeOutcome.Rejected(RejectReason.UNSUPPORTED_FORMAT,
          format.displayName() + " image; only PNG and JPEG are accepted", format);
    }
    try {
      DecodeOutcome.Accepted accepted = format == ImageFormat.PNG ? decodePng(bytes) : decodeJpeg(bytes);
      String mismatch = extensionMismatch(name, format);
      if (mismatch == null) {
        return accepted;
      }
      List<String> warnings = new ArrayList<>(accepted.warnings());
      warnings.add(mismatch);
      return new DecodeOutcome.Accepted(accepted.bytes(), accepted.sourceFormat(), accepted.sourceWidth(),
          accepted.sourceHeight(), accepted.sourceLayout(), accepted.converted(), accepted.passthrough(),
          warnings);
    } catch (DecodeFailure f) {
      return new DecodeOutcome.Rejected(f.reason(), f.getMessage(), format);
    } catch (Exception e) {
      // Whatever a decoder throws beyond the cases classified above: ImageIO plugins throw
      // IllegalArgumentException, ArrayIndexOutOfBoundsException, CMMException and more on odd input.
      discardReaders();
      return new DecodeOutcome.Rejected(RejectReason.UNDECODABLE,
          format.displayName() + " decoder failed: " + describe(e), format);
    }
  }

  private DecodeOutcome.Accepted decodePng(byte[] b) throws DecodeFailure, IOException {
    PngHeader header = PngStructure.readHeader(b);
    checkPixelLimit("PNG", header.width(), header.height());
    PngStructure png = PngStructure.check(b, header);
    List<String> warnings = new ArrayList<>(png.warnings());
    String layout = header.layout(png.hasTrns());
    int size = options.size();
    boolean passthrough = header.width() == size && header.height() == size && header.bitDepth() == 8
        && header.colourType() == (options.channels() == 3 ? PngHeader.RGB : PngHeader.GREY)
        && png.passthroughSafe();
    if (passthrough) {
      dataCheck.check(b, png, warnings);
      return new DecodeOutcome.Accepted(b, ImageFormat.PNG, size, size, layout, false, true, warnings);
    }
    if (pngReader == null) {
      pngReader = ImagePlugins.jdkReader("png");
    }
    BufferedImage image;
    try {
      image = read(pngReader, b, header.width(), header.height());
    } catch (IIOException e) {
      // The chunk structure and CRCs were fine, so the encoder wrote bad data (zlib, filters, row count).
      discardReaders();
      throw new DecodeFailure(RejectReason.CORRUPT, "PNG decoder error: " + describe(e));
    }
    warnings.addAll(readWarnings);
    return finish(image, ImageFormat.PNG, header.width(), header.height(), layout, warnings);
  }

  private DecodeOutcome.Accepted decodeJpeg(byte[] b) throws DecodeFailure, IOException {
    JpegHeader header = JpegHeader.parse(b);
    checkPixelLimit("JPEG", header.width(), header.height());
    int size = options.size();
    boolean inScope = baselineJpeg.parse(b) == null;
    boolean keepCandidate = header.width() == size && header.height() == size
        && header.components() == options.channels() && baselineJpeg.passthroughSafe();
    if (keepCandidate && inScope && baselineJpeg.check(b)) {
      return new DecodeOutcome.Accepted(b, ImageFormat.JPEG, size, size, header.layout(), false, true, List.of());
    }
    if (!keepCandidate && inScope && Math.min(header.width(), header.height()) >= size) {
      ByteImage area = baselineJpeg.decodeArea(b, size, options.channels());
      if (area != null) {
        return new DecodeOutcome.Accepted(encoder.encode(area.toBufferedImage()), ImageFormat.JPEG, header.width(),
            header.height(), header.layout(), !header.layout().equals(options.layout()), false, List.of());
      }
    }
    // Everything else, and any file the DCT-domain decoder declined: ImageIO decides, warnings and all.
    if (jpegReader == null) {
      jpegReader = ImagePlugins.jdkReader("jpeg");
    }
    BufferedImage image;
    try {
      image = read(jpegReader, b, header.width(), header.height());
    } catch (IIOException e) {
      discardReaders();
      boolean cut = hitEndOfData(readWarnings) || !JpegHeader.endsWithEoi(b);
      throw new DecodeFailure(cut ? RejectReason.TRUNCATED : RejectReason.CORRUPT,
          "JPEG decoder error" + (cut ? " at the end of the data" : "") + ": " + describe(e));
    }
    if (hitEndOfData(readWarnings)) {
      // The JDK's libjpeg does not fail on a cut file: it warns, pads the missing rows with grey and returns.
      throw new DecodeFailure(RejectReason.TRUNCATED,
          "JPEG data ends before the image does (" + b.length + " bytes); decoder warnings: " + distinct(readWarnings));
    }
    if (keepCandidate && readWarnings.isEmpty()) {
      // Already the output size and layout, e.g. progressive: decoded cleanly, so kept as it is.
      return new DecodeOutcome.Accepted(b, ImageFormat.JPEG, size, size, header.layout(), false, true, List.of());
    }
    return finish(image, ImageFormat.JPEG, header.width(), header.height(), header.layout(),
        new ArrayList<>(distinct(readWarnings)));
  }

  /**
   * Decodes the centred square of the source, subsampled so that it keeps at least twice the target side.
   */
  private BufferedImage read(ImageReader reader, byte[] b, int width, int height) throws IOException {
    int side = Math.min(width, height);
    int step = Math.max(1, side / (2 * options.size()));
    ImageReadParam param = reader.getDefaultReadParam();
    if (side != width || side != height) {
      param.setSourceRegion(new Rectangle((width - side) / 2, (height - side) / 2, side, side));
    }
    if (step > 1) {
      param.setSourceSubsampling(step, step, 0, 0);
    }
    readWarnings.clear();
    reader.reset(); // also drops listeners, so add ours each time
    reader.addIIOReadWarningListener(warningListener);
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(b))) {
      reader.setInput(in, true, true);
      return reader.read(0, param);
    } finally {
      reader.setInput(null);
    }
  }

  private DecodeOutcome.Accepted finish(BufferedImage image, ImageFormat format, int width, int height,
      String layout, List<String> warnings) {
    ByteImage pixels = ByteImageConverter.convert(image, options.channels());
    ByteImage resized = ImageResizer.resize(pixels, options.size());
    byte[] png = encoder.encode(resized.toBufferedImage());
    boolean converted = !layout.equals(options.layout());
    return new DecodeOutcome.Accepted(png, format, width, height, layout, converted, false, warnings);
  }

  private void checkPixelLimit(String format, int width, int height) throws DecodeFailure {
    long pixels = (long) width * height;
    if (pixels > options.maxPixels()) {
      throw new DecodeFailure(RejectReason.TOO_LARGE, String.format(Locale.ROOT,
          "%s declares %dx%d = %,d pixels, over the limit of %,d", format, width, height, pixels,
          options.maxPixels()));
    }
  }

  /**
   * Returns whether the JDK's JPEG reader said it ran out of data. It never reports libjpeg's "Premature end
   * of JPEG file"; it says "Truncated File - Missing EOI marker" when its source runs dry and then feeds
   * libjpeg a fake EOI, which makes libjpeg add "Corrupt JPEG data: premature end of data segment".
   */
  private static boolean hitEndOfData(List<String> warnings) {
    for (String w : warnings) {
      String lower = w.toLowerCase(Locale.ROOT);
      if (lower.contains("missing eoi") || lower.contains("premature end of jpeg file")) {
        return true;
      }
    }
    return false;
  }

  private static List<String> distinct(List<String> warnings) {
    return warnings.stream().distinct().toList();
  }

  /** Drops the cached readers after a failure: a reader whose native state is unknown is not reused. */
  private void discardReaders() {
    if (pngReader != null) {
      pngReader.dispose();
      pngReader = null;
    }
    if (jpegReader != null) {
      jpegReader.dispose();
      jpegReader = null;
    }
  }

  private static String describe(Throwable e) {
    StringBuilder sb = new StringBuilder();
    for (Throwable t = e; t != null && sb.length() < 500; t = t.getCause()) {
      if (sb.length() > 0) {
        sb.append("; caused by ");
      }
      sb.append(t.getClass().getSimpleName());
      if (t.getMessage() != null) {
        sb.append(": ").append(t.getMessage());
      }
    }
    return sb.toString();
  }

  private static String describeUnknown(byte[] b, String name) {
    StringBuilder sb = new StringBuilder("no known image signature; first bytes ")
        .append(PngStructure.hex(b, 0, 8));
    if (looksLikeText(b)) {
      sb.append(" (looks like text)");
    }
    String ext = extension(name);
    if (ext != null) {
      sb.append("; the name ends in .").append(ext);
    }
    return sb.toString();
  }

  private static boolean looksLikeText(byte[] b) {
    int n = Math.min(b.length, 512);
    for (int i = 0; i < n; i++) {
      int c = b[i] & 0xFF;
      if (c < 0x09 || (c > 0x0D && c < 0x20) || c == 0x7F) {
        return false;
      }
    }
    return true;
  }

  private static String extensionMismatch(String name, ImageFormat format) {
    String ext = extension(name);
    if (ext == null) {
      return null;
    }
    boolean matches = switch (format) {
      case PNG -> ext.equals("png");
      case JPEG -> ext.equals("jpg") || ext.equals("jpeg") || ext.equals("jpe") || ext.equals("jfif");
      default -> true;
    };
    boolean knownImageExt = List.of("png", "jpg", "jpeg", "jpe", "jfif", "gif", "bmp", "webp", "tif", "tiff")
        .contains(ext);
    return matches || !knownImageExt ? null : "name ends in ." + ext + " but the content is " + format.displayName();
  }

  private static String extension(String name) {
    if (name == null) {
      return null;
    }
    int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
    int dot = name.lastIndexOf('.');
    return dot > slash && dot < name.length() - 1 ? name.substring(dot + 1).toLowerCase(Locale.ROOT) : null;
  }

  /** Releases the cached readers, writer and inflater. */
  @Override
  public void close() {
    discardReaders();
    encoder.close();
    dataCheck.close();
  }
}
