package dev.dgmspark.shard.image;

/**
 * The IHDR fields of a PNG file.
 *
 * @param width image width in pixels, at least 1
 * @param height image height in pixels, at least 1
 * @param bitDepth bits per sample (or per palette index): 1, 2, 4, 8 or 16
 * @param colourType PNG colour type: 0 grey, 2 RGB, 3 palette, 4 grey+alpha, 6 RGBA
 * @param interlaced whether Adam7 interlacing is used
 */
record PngHeader(int width, int height, int bitDepth, int colourType, boolean interlaced) {
  static final int GREY = 0;
  static final int RGB = 2;
  static final int PALETTE = 3;
  static final int GREY_ALPHA = 4;
  static final int RGBA = 6;

  /** Returns the number of samples per pixel (1 for palette indices). */
  int samplesPerPixel() {
    return switch (colourType) {
      case GREY, PALETTE -> 1;
      case GREY_ALPHA -> 2;
      case RGB -> 3;
      case RGBA -> 4;
      default -> throw new IllegalStateException("colour type " + colourType);
    };
  }

  /** Returns the number of bytes in one unfiltered row, without the filter-type byte. */
  long rowBytes() {
    return ((long) width * samplesPerPixel() * bitDepth + 7) / 8;
  }

  /** Returns the declared pixel count. */
  long pixels() {
    return (long) width * height;
  }

  /**
   * Returns the colour layout name used in outcomes, e.g. {@code rgb}, {@code 16-bit grey} or
   * {@code palette+alpha}.
   *
   * @param hasTrns whether a tRNS chunk adds transparency
   */
  String layout(boolean hasTrns) {
    String base = switch (colourType) {
      case GREY -> hasTrns ? "grey+trns" : "grey";
      case RGB -> hasTrns ? "rgb+trns" : "rgb";
      case PALETTE -> hasTrns ? "palette+alpha" : "palette";
      case GREY_ALPHA -> "grey+alpha";
      case RGBA -> "rgba";
      default -> "colour type " + colourType;
    };
    if (bitDepth == 8 || colourType == PALETTE) {
      return base;
    }
    return bitDepth + "-bit " + base;
  }

  /** Returns whether the bit depth is one that the PNG specification allows for the colour type. */
  boolean validDepthForType() {
    return switch (colourType) {
      case GREY -> bitDepth == 1 || bitDepth == 2 || bitDepth == 4 || bitDepth == 8 || bitDepth == 16;
      case PALETTE -> bitDepth == 1 || bitDepth == 2 || bitDepth == 4 || bitDepth == 8;
      case RGB, GREY_ALPHA, RGBA -> bitDepth == 8 || bitDepth == 16;
      default -> false;
    };
  }
}
