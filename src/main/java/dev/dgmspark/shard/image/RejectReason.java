package dev.dgmspark.shard.image;

import java.util.Arrays;
import java.util.Locale;

/**
 * Why an input file was not turned into a training image.
 *
 * <p>The {@link #code()} strings are stable: they end up in the shard job's reject list and in metrics, so
 * existing values must not be renamed.
 */
public enum RejectReason {
  /** The file has zero bytes. */
  EMPTY,
  /** The bytes start with no signature of any known image format. */
  NOT_AN_IMAGE,
  /** A recognised image format other than PNG or JPEG (GIF, BMP, WebP, TIFF, ...). */
  UNSUPPORTED_FORMAT,
  /** The data ends before the image does. */
  TRUNCATED,
  /** The data is complete but broken: bad CRC, impossible structure, or an error reported by the decoder. */
  CORRUPT,
  /** The header declares more pixels than {@link DecodeOptions#maxPixels()}; decided before decoding. */
  TOO_LARGE,
  /** Anything else the decoder threw, such as a JPEG process the JDK cannot decode. */
  UNDECODABLE,
  /**
   * The file could not be read: gone since the listing, not readable for us, shorter than listed, or too large to
   * hold in memory. Never produced by {@link ImageDecoder} itself; storage failures fail the task instead.
   */
  READ_ERROR;

  /** Returns the stable lower_snake code, e.g. {@code not_an_image}. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Returns the reason for a {@link #code()} string. */
  public static RejectReason fromCode(String code) {
    for (RejectReason reason : values()) {
      if (reason.code().equals(code)) {
        return reason;
      }
    }
    throw new IllegalArgumentException(
        "Unknown reject code '" + code + "'; known codes: " + Arrays.stream(values())
            .map(RejectReason::code).toList());
  }
}
