package dev.dgmspark.shard.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

/**
 * An 8-bit image as interleaved samples: grey ({@code channels == 1}) or R, G, B ({@code channels == 3}).
 *
 * @param width width in pixels
 * @param height height in pixels
 * @param channels 1 or 3
 * @param data {@code width * height * channels} unsigned samples, row by row
 */
record ByteImage(int width, int height, int channels, byte[] data) {
  /** Checks that the array has the declared size. */
  ByteImage {
    if ((long) width * height * channels != data.length) {
      throw new IllegalArgumentException(String.format(
          "An image of %dx%dx%d needs %d samples, got %d", width, height, channels,
          (long) width * height * channels, data.length));
    }
  }

  /** Wraps a copy of the samples in a standard image type, which the PNG writer handles without conversion. */
  BufferedImage toBufferedImage() {
    if (channels == 1) {
      BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
      byte[] dst = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
      System.arraycopy(data, 0, dst, 0, dst.length);
      return img;
    }
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    byte[] dst = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
    for (int i = 0; i < data.length; i += 3) {
      dst[i] = data[i + 2];
      dst[i + 1] = data[i + 1];
      dst[i + 2] = data[i];
    }
    return img;
  }

  /** Returns sample {@code c} of the pixel at ({@code x}, {@code y}) as 0..255. */
  int sample(int x, int y, int c) {
    return data[(y * width + x) * channels + c] & 0xFF;
  }
}
