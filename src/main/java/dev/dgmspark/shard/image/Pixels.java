package dev.dgmspark.shard.image;

/**
 * An 8-bit image as interleaved samples: grey ({@code channels == 1}) or R, G, B ({@code channels == 3}).
 *
 * @param width width in pixels
 * @param height height in pixels
 * @param channels 1 or 3
 * @param data {@code width * height * channels} unsigned samples, row by row
 */
record Pixels(int width, int height, int channels, byte[] data) {
  /** Checks that the array has the declared size. */
  Pixels {
    if ((long) width * height * channels != data.length) {
      throw new IllegalArgumentException(String.format(
          "Pixels of %dx%dx%d need %d samples, got %d", width, height, channels,
          (long) width * height * channels, data.length));
    }
  }

  /** Returns sample {@code c} of the pixel at ({@code x}, {@code y}) as 0..255. */
  int sample(int x, int y, int c) {
    return data[(y * width + x) * channels + c] & 0xFF;
  }
}
