package dev.dgmspark.shard.image;

/**
 * The frame header of a JPEG file, found by walking the marker segments from SOI up to the first SOS.
 *
 * <p>Reading this costs nothing next to decoding, gives the dimensions for the pixel limit before any
 * decoder runs, and tells apart JPEG processes the JDK's libjpeg cannot decode (lossless, hierarchical,
 * arithmetic-coded, 12-bit) so that they are named in the rejection instead of surfacing as a decoder error.
 *
 * @param width declared width
 * @param height declared height (0 means "defined later by a DNL marker")
 * @param components colour components: 1 grey, 3 YCbCr or RGB, 4 CMYK or YCCK
 * @param sofMarker the SOFn marker byte, e.g. 0xC0 baseline, 0xC2 progressive
 * @param precision bits per sample, 8 or 12
 * @param adobeTransform the Adobe APP14 transform flag (0 none, 1 YCbCr, 2 YCCK), or -1 without that segment
 */
record JpegHeader(int width, int height, int components, int sofMarker, int precision, int adobeTransform) {

  /** Returns whether the frame is progressive. */
  boolean progressive() {
    return sofMarker == 0xC2;
  }

  /** Returns the colour layout name used in outcomes: {@code grey}, {@code rgb}, {@code cmyk}, {@code ycck}. */
  String layout() {
    return switch (components) {
      case 1 -> "grey";
      case 3 -> "rgb";
      case 4 -> adobeTransform == 2 ? "ycck" : "cmyk";
      default -> components + "-component";
    };
  }

  /** Parses the header of {@code b}, which starts with SOI. */
  static JpegHeader parse(byte[] b) throws DecodeFailure {
    int n = b.length;
    int pos = 2;
    int adobe = -1;
    JpegHeader frame = null;
    while (true) {
      if (pos >= n) {
        throw new DecodeFailure(RejectReason.TRUNCATED,
            "JPEG data ends at byte " + n + " before the image data starts (no SOS marker)");
      }
      if ((b[pos] & 0xFF) != 0xFF) {
        // libjpeg skips stray bytes between segments (and warns "extraneous bytes"); do the same here.
        pos++;
        continue;
      }
      while (pos < n && (b[pos] & 0xFF) == 0xFF) {
        pos++; // a marker may be preceded by any number of 0xFF fill bytes
      }
      if (pos >= n) {
        throw new DecodeFailure(RejectReason.TRUNCATED, "JPEG data ends at byte " + n + " inside a marker");
      }
      int marker = b[pos] & 0xFF;
      int start = pos - 1;
      pos++;
      if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
        continue; // TEM and RSTn stand alone
      }
      if (marker == 0xD8 || marker == 0xD9 || marker == 0x00) {
        throw new DecodeFailure(RejectReason.CORRUPT, String.format(
            "JPEG marker 0xFF%02X at offset %d before the image data", marker, start));
      }
      if (pos + 2 > n) {
        throw new DecodeFailure(RejectReason.TRUNCATED, String.format(
            "JPEG data ends at byte %d inside the length of segment 0xFF%02X", n, marker));
      }
      int length = (b[pos] & 0xFF) << 8 | (b[pos + 1] & 0xFF);
      if (length < 2) {
        throw new DecodeFailure(RejectReason.CORRUPT, String.format(
            "JPEG segment 0xFF%02X at offset %d has length %d, below the minimum 2", marker, start, length));
      }
      if (pos + length > n) {
        throw new DecodeFailure(RejectReason.TRUNCATED, String.format(
            "JPEG segment 0xFF%02X at offset %d declares %d bytes but only %d remain",
            marker, start, length, n - pos));
      }
      if (isSof(marker)) {
        if (length < 8) {
          throw new DecodeFailure(RejectReason.CORRUPT, String.format(
              "JPEG frame header 0xFF%02X at offset %d is %d bytes, too short", marker, start, length));
        }
        int precision = b[pos + 2] & 0xFF;
        int height = (b[pos + 3] & 0xFF) << 8 | (b[pos + 4] & 0xFF);
        int width = (b[pos + 5] & 0xFF) << 8 | (b[pos + 6] & 0xFF);
        int components = b[pos + 7] & 0xFF;
        if (frame == null) {
          frame = new JpegHeader(width, height, components, marker, precision, -1);
        }
      } else if (marker == 0xEE && length >= 14 && b[pos + 2] == 'A' && b[pos + 3] == 'd' && b[pos + 4] == 'o'
          && b[pos + 5] == 'b' && b[pos + 6] == 'e') {
        adobe = b[pos + 13] & 0xFF;
      } else if (marker == 0xDA) {
        if (frame == null) {
          throw new DecodeFailure(RejectReason.CORRUPT, "JPEG scan (SOS) at offset " + start + " before any frame header");
        }
        JpegHeader h = new JpegHeader(frame.width, frame.height, frame.components, frame.sofMarker,
            frame.precision, adobe);
        h.checkDecodable();
        return h;
      }
      pos += length;
    }
  }

  private void checkDecodable() throws DecodeFailure {
    if (sofMarker != 0xC0 && sofMarker != 0xC1 && sofMarker != 0xC2) {
      throw new DecodeFailure(RejectReason.UNDECODABLE, String.format(
          "JPEG process SOF%d (0xFF%02X, %s) is not supported by the decoder", sofMarker - 0xC0, sofMarker,
          processName()));
    }
    if (precision != 8) {
      throw new DecodeFailure(RejectReason.UNDECODABLE,
          precision + "-bit JPEG is not supported by the decoder (8-bit only)");
    }
    if (width == 0 || height == 0) {
      throw new DecodeFailure(RejectReason.UNDECODABLE, "JPEG frame declares " + width + "x" + height
          + (height == 0 ? "; a height defined later by a DNL marker is not supported" : ""));
    }
    if (components != 1 && components != 3 && components != 4) {
      throw new DecodeFailure(RejectReason.UNDECODABLE, "JPEG with " + components + " colour components");
    }
  }

  private String processName() {
    return switch (sofMarker) {
      case 0xC3 -> "lossless";
      case 0xC5, 0xC6, 0xC7 -> "hierarchical";
      case 0xC9, 0xCA -> "arithmetic-coded";
      case 0xCB, 0xCF -> "arithmetic-coded lossless";
      case 0xCD, 0xCE -> "arithmetic-coded hierarchical";
      default -> "unknown";
    };
  }

  private static boolean isSof(int marker) {
    return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
  }

  /**
   * Returns whether the data ends with an EOI marker, allowing zero-byte padding after it.
   *
   * <p>Used only to classify decoder failures: a JPEG that decodes without hitting the end of its data is
   * accepted even without EOI at the very end, because some cameras append data after EOI (Motion Photos
   * append a whole video).
   */
  static boolean endsWithEoi(byte[] b) {
    int i = b.length - 1;
    int limit = Math.max(0, b.length - 1024);
    while (i > limit && b[i] == 0) {
      i--;
    }
    return i >= 1 && (b[i] & 0xFF) == 0xD9 && (b[i - 1] & 0xFF) == 0xFF;
  }
}
