package dev.dgmspark.shard.image;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * An image file format recognised by its magic bytes.
 *
 * <p>Only {@link #PNG} and {@link #JPEG} are decoded; the others are recognised so that a rejection can say
 * {@code unsupported_format: GIF} instead of {@code not_an_image}.
 */
public enum ImageFormat {
  PNG("PNG", true),
  JPEG("JPEG", true),
  GIF("GIF", false),
  BMP("BMP", false),
  WEBP("WebP", false),
  TIFF("TIFF", false),
  ICO("ICO", false),
  HEIF("HEIF/HEIC", false),
  AVIF("AVIF", false),
  JPEG_2000("JPEG 2000", false),
  JPEG_XL("JPEG XL", false),
  PSD("Photoshop PSD", false),
  QOI("QOI", false),
  PNM("PNM (PBM/PGM/PPM)", false),
  OPENEXR("OpenEXR", false),
  SVG("SVG", false);

  private final String displayName;
  private final boolean decodable;

  ImageFormat(String displayName, boolean decodable) {
    this.displayName = displayName;
    this.decodable = decodable;
  }

  /** Returns the lower-case code used in outcomes, e.g. {@code png} or {@code jpeg}. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Returns the name people know the format by, e.g. {@code WebP}. */
  public String displayName() {
    return displayName;
  }

  /** Returns whether {@link ImageDecoder} decodes this format. */
  public boolean decodable() {
    return decodable;
  }

  /**
   * Returns the format whose signature starts {@code b}, or {@code null} when none matches.
   *
   * <p>A file that starts with the first four PNG signature bytes counts as PNG even if the rest of the
   * signature is damaged (e.g. by a text-mode transfer), so that it is reported as corrupt PNG rather than
   * as not an image.
   */
  public static ImageFormat sniff(byte[] b) {
    int n = b.length;
    if (startsWith(b, 0, 0x89, 'P', 'N', 'G')) {
      return PNG;
    }
    if (startsWith(b, 0, 0xFF, 0xD8, 0xFF)) {
      return JPEG;
    }
    if (startsWith(b, 0, 'G', 'I', 'F', '8') && n > 5 && (b[4] == '7' || b[4] == '9') && b[5] == 'a') {
      return GIF;
    }
    if (startsWith(b, 0, 'R', 'I', 'F', 'F') && startsWith(b, 8, 'W', 'E', 'B', 'P')) {
      return WEBP;
    }
    if (startsWith(b, 0, 'I', 'I', 42, 0) || startsWith(b, 0, 'M', 'M', 0, 42)
        || startsWith(b, 0, 'I', 'I', 43, 0) || startsWith(b, 0, 'M', 'M', 0, 43)) {
      return TIFF; // classic TIFF and BigTIFF; also most camera raw files, which are TIFF-based
    }
    if (isBmp(b)) {
      return BMP;
    }
    if (startsWith(b, 4, 'f', 't', 'y', 'p')) {
      String brand = ascii(b, 8, 4);
      if (brand.equals("avif") || brand.equals("avis")) {
        return AVIF;
      }
      if (brand.startsWith("hei") || brand.startsWith("hev") || brand.equals("mif1") || brand.equals("msf1")) {
        return HEIF;
      }
    }
    if (startsWith(b, 0, 0, 0, 0, 0x0C, 'j', 'P', ' ', ' ') || startsWith(b, 0, 0xFF, 0x4F, 0xFF, 0x51)) {
      return JPEG_2000;
    }
    if (startsWith(b, 0, 0xFF, 0x0A) || startsWith(b, 0, 0, 0, 0, 0x0C, 'J', 'X', 'L', ' ')) {
      return JPEG_XL;
    }
    if (startsWith(b, 0, '8', 'B', 'P', 'S')) {
      return PSD;
    }
    if (startsWith(b, 0, 'q', 'o', 'i', 'f')) {
      return QOI;
    }
    if (startsWith(b, 0, 0x76, 0x2F, 0x31, 0x01)) {
      return OPENEXR;
    }
    if (startsWith(b, 0, 0, 0, 1, 0) && n > 5 && b[4] != 0 && b[5] == 0) {
      return ICO; // reserved 0, type 1, image count >= 1 (little-endian, small)
    }
    if (n > 2 && b[0] == 'P' && b[1] >= '1' && b[1] <= '7' && isPnmSpace(b[2])) {
      return PNM;
    }
    if (looksLikeSvg(b)) {
      return SVG;
    }
    return null;
  }

  private static boolean isBmp(byte[] b) {
    // "BM" alone is two ASCII letters, so also require a known DIB header size at offset 14.
    if (!startsWith(b, 0, 'B', 'M') || b.length < 18) {
      return false;
    }
    int dibSize = (b[14] & 0xFF) | (b[15] & 0xFF) << 8 | (b[16] & 0xFF) << 16 | (b[17] & 0xFF) << 24;
    return dibSize == 12 || dibSize == 16 || dibSize == 40 || dibSize == 52 || dibSize == 56
        || dibSize == 64 || dibSize == 108 || dibSize == 124;
  }

  private static boolean isPnmSpace(byte c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
  }

  private static boolean looksLikeSvg(byte[] b) {
    int i = 0;
    if (startsWith(b, 0, 0xEF, 0xBB, 0xBF)) {
      i = 3; // UTF-8 byte order mark
    }
    while (i < b.length && Character.isWhitespace(b[i])) {
      i++;
    }
    if (i >= b.length || b[i] != '<') {
      return false;
    }
    String head = ascii(b, i, Math.min(1024, b.length - i)).toLowerCase(Locale.ROOT);
    return head.contains("<svg");
  }

  private static boolean startsWith(byte[] b, int offset, int... sig) {
    if (b.length < offset + sig.length) {
      return false;
    }
    for (int i = 0; i < sig.length; i++) {
      if ((b[offset + i] & 0xFF) != sig[i]) {
        return false;
      }
    }
    return true;
  }

  private static String ascii(byte[] b, int offset, int len) {
    if (b.length < offset + len) {
      return "";
    }
    return new String(b, offset, len, StandardCharsets.ISO_8859_1);
  }
}
