package dev.dgmspark.minibatch;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Conversions between shard PNGs, channel-first byte pixels and network input arrays with values in [0, 1]. */
public final class ImagePixels {
  private ImagePixels() {}

  /**
   * Decodes a shard image (PNG of the shard's size and channels) into {@code out} at {@code offset}, channel-first.
   */
  public static void decodeInto(byte[] png, int channels, int size, byte[] out, int offset) {
    BufferedImage image;
    try {
      image = ImageIO.read(new ByteArrayInputStream(png));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot decode a shard image", e);
    }
    if (image == null || image.getWidth() != size || image.getHeight() != size) {
      throw new IllegalStateException("shard image is not " + size + "x" + size);
    }
    Raster raster = image.getRaster();
    int bands = raster.getNumBands();
    int plane = size * size;
    int[] sample = new int[bands];
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        raster.getPixel(x, y, sample);
        int at = y * size + x;
        if (channels == 1) {
          out[offset + at] = (byte) sample[0];
        } else {
          for (int c = 0; c < 3; c++) {
            out[offset + c * plane + at] = (byte) sample[Math.min(c, bands - 1)];
          }
        }
      }
    }
  }

  /** The network input for a batch: [count, channels, height, width] floats in [0, 1]. */
  public static INDArray toInput(ImageBatchFile batch) {
    float[] values = new float[batch.pixels().length];
    byte[] pixels = batch.pixels();
    for (int i = 0; i < values.length; i++) {
      values[i] = (pixels[i] & 0xff) / 255f;
    }
    return Nd4j.create(values, new long[] {batch.count(), batch.channels(), batch.height(), batch.width()}, 'c')
        .castTo(DataType.FLOAT);
  }

  /** An RGB (or grey) image from row {@code index} of a [n, c, h, w] array of values in [0, 1]. */
  public static BufferedImage toImage(INDArray images, int index) {
    int channels = (int) images.size(1);
    int height = (int) images.size(2);
    int width = (int) images.size(3);
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    INDArray one = images.get(org.nd4j.linalg.indexing.NDArrayIndex.point(index)).dup('c');
    float[] values = one.data().asFloat();
    int plane = width * height;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int at = y * width + x;
        int r = toByte(values[at]);
        int g = channels == 1 ? r : toByte(values[plane + at]);
        int b = channels == 1 ? r : toByte(values[2 * plane + at]);
        image.setRGB(x, y, (r << 16) | (g << 8) | b);
      }
    }
    return image;
  }

  private static int toByte(float value) {
    return Math.max(0, Math.min(255, Math.round(value * 255f)));
  }
}
