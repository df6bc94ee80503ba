package dev.dgmspark.shard.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Encodes {@link Pixels} as an 8-bit RGB or grey PNG with one cached ImageIO writer.
 *
 * <p>Not thread-safe: it reuses the writer and the output buffer. Call {@link #close()}.
 */
final class PngEncoder implements AutoCloseable {
  /**
   * Compression quality handed to the JDK writer, which maps it to a deflate level. Measured on 64x64
   * pictures (ImageDecoderBenchmark): 0.75 encodes about 12% faster than the writer's default for 11% more
   * bytes; lower values only get slower, and 1.0 stores the data uncompressed (5x the bytes).
   */
  static final float DEFAULT_QUALITY = 0.75f;

  private final ImageWriter writer;
  private final ImageWriteParam param;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(16 * 1024);

  PngEncoder(float quality) {
    writer = ImagePlugins.jdkWriter("png");
    param = writer.getDefaultWriteParam();
    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
    param.setCompressionQuality(quality);
  }

  /** Returns the PNG bytes of {@code pixels}. */
  byte[] encode(Pixels pixels) {
    BufferedImage image = toImage(pixels);
    buffer.reset();
    try (ImageOutputStream out = new MemoryCacheImageOutputStream(buffer)) {
      writer.setOutput(out);
      writer.write(null, new IIOImage(image, null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException("PNG encoding into memory failed", e); // no real I/O happens here
    } finally {
      writer.setOutput(null);
    }
    return buffer.toByteArray();
  }

  /** Wraps the samples in a standard image type, which the writer handles without conversion. */
  static BufferedImage toImage(Pixels p) {
    int w = p.width();
    int h = p.height();
    if (p.channels() == 1) {
      BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
      byte[] dst = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
      System.arraycopy(p.data(), 0, dst, 0, dst.length);
      return img;
    }
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
    byte[] dst = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
    byte[] src = p.data();
    for (int i = 0; i < src.length; i += 3) {
      dst[i] = src[i + 2];
      dst[i + 1] = src[i + 1];
      dst[i + 2] = src[i];
    }
    return img;
  }

  @Override
  public void close() {
    writer.dispose();
  }
}
