package dev.dgmspark.shard.image;

import java.io.Serializable;

/**
 * Settings of an {@link ImageDecoder}: the output size and colour channels, and the pixel limit.
 *
 * @param size side of the square output image in pixels
 * @param channels 3 for RGB output, 1 for grey output
 * @param maxPixels largest width x height a source may declare; larger sources are rejected as
 *     {@link RejectReason#TOO_LARGE} from their header, before any pixel is decoded
 */
public record DecodeOptions(int size, int channels, long maxPixels) implements Serializable {
  /** Default output side. */
  public static final int DEFAULT_SIZE = 64;
  /** Default channel count (RGB). */
  public static final int DEFAULT_CHANNELS = 3;
  /** Default pixel limit: 25 megapixels, about 100 MB as decoded ARGB. */
  public static final long DEFAULT_MAX_PIXELS = 25_000_000L;
  /** Largest accepted output side; bigger targets are not what this job is for. */
  public static final int MAX_SIZE = 4096;

  /** Validates the values. */
  public DecodeOptions {
    if (size < 1 || size > MAX_SIZE) {
      throw new IllegalArgumentException(
          String.format("Cannot set size to %d, the value must be in [1, %d].", size, MAX_SIZE));
    }
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException(
          String.format("Cannot set channels to %d, the value must be 1 (grey) or 3 (RGB).", channels));
    }
    if (maxPixels < 1) {
      throw new IllegalArgumentException(
          String.format("Cannot set maxPixels to %d, the value must be positive.", maxPixels));
    }
  }

  /** Returns the defaults: 64 x 64 RGB, at most 25 megapixels. */
  public static DecodeOptions defaults() {
    return new DecodeOptions(DEFAULT_SIZE, DEFAULT_CHANNELS, DEFAULT_MAX_PIXELS);
  }

  /** Returns a copy with another output side. */
  public DecodeOptions withSize(int newSize) {
    return new DecodeOptions(newSize, channels, maxPixels);
  }

  /** Returns a copy with another channel count. */
  public DecodeOptions withChannels(int newChannels) {
    return new DecodeOptions(size, newChannels, maxPixels);
  }

  /** Returns a copy with another pixel limit. */
  public DecodeOptions withMaxPixels(long newMaxPixels) {
    return new DecodeOptions(size, channels, newMaxPixels);
  }

  /** Returns the colour layout name of the output: {@code rgb} or {@code grey}. */
  public String layout() {
    return channels == 3 ? "rgb" : "grey";
  }
}
