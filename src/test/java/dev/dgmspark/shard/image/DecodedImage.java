package dev.dgmspark.shard.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * An output PNG read back for assertions: checks the PNG header and gives raw samples (not
 * {@code getRGB}, which brightens grey images).
 */
final class DecodedImage {
  final BufferedImage image;
  final int bitDepth;
  final int colourType;

  private DecodedImage(BufferedImage image, int bitDepth, int colourType) {
    this.image = image;
    this.bitDepth = bitDepth;
    this.colourType = colourType;
  }

  /** Reads {@code png} and checks it is size x size, 8-bit, with the colour type for {@code channels}. */
  static DecodedImage read(byte[] png, int size, int channels) {
    try {
      BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
      DecodedImage d = new DecodedImage(img, png[24], png[25]);
      assertEquals(size, img.getWidth(), "width");
      assertEquals(size, img.getHeight(), "height");
      assertEquals(8, d.bitDepth, "bit depth");
      assertEquals(channels == 3 ? 2 : 0, d.colourType, "PNG colour type");
      assertEquals(channels, img.getRaster().getNumBands(), "bands");
      return d;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Returns the RGB of a pixel as 0xRRGGBB (grey replicated). */
  int rgb(int x, int y) {
    int[] px = image.getRaster().getPixel(x, y, (int[]) null);
    return px.length == 1 ? px[0] << 16 | px[0] << 8 | px[0] : px[0] << 16 | px[1] << 8 | px[2];
  }

  /** Returns the grey sample of a pixel (single-channel images). */
  int grey(int x, int y) {
    return image.getRaster().getSample(x, y, 0);
  }

  /** Returns whether two colours differ by at most {@code tolerance} in every channel. */
  static boolean near(int rgb, int expected, int tolerance) {
    for (int shift = 0; shift <= 16; shift += 8) {
      if (Math.abs(((rgb >> shift) & 0xFF) - ((expected >> shift) & 0xFF)) > tolerance) {
        return false;
      }
    }
    return true;
  }
}
