package dev.dgmspark.synth;

import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * A reusable, single-threaded PNG encoder built on ImageIO's PNG writer.
 *
 * <p>Looking the writer up once per thread instead of once per picture (what {@code ImageIO.write} does) matters at
 * thousands of small pictures per second. Encoding goes to memory first, so a file is opened only when its bytes are
 * ready and a half-encoded picture is never left behind. Deflate runs at its fastest level: for 64x64 faces that
 * halves the compression time for about 10% larger files.
 */
final class PngEncoder implements AutoCloseable {

  /** ImageIO maps quality q to deflate level 9 - round(9q): 0.9 gives level 1, the fastest that compresses. */
  private static final float FAST_DEFLATE_QUALITY = 0.9f;

  private final ImageWriter writer;
  private final ImageWriteParam param;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(16 * 1024);

  PngEncoder() {
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("png");
    if (!writers.hasNext()) {
      throw new IllegalStateException("this JVM has no ImageIO PNG writer");
    }
    writer = writers.next();
    param = writer.getDefaultWriteParam();
    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
    param.setCompressionQuality(FAST_DEFLATE_QUALITY);
  }

  /** Encodes {@code image} and keeps the bytes until the next call; returns their length. */
  int encode(RenderedImage image) throws IOException {
    buffer.reset();
    try (ImageOutputStream out = new MemoryCacheImageOutputStream(buffer)) {
      writer.setOutput(out);
      writer.write(null, new IIOImage(image, null, null), param);
    } finally {
      writer.reset();
    }
    return buffer.size();
  }

  /** Copies the bytes of the last encoded picture to {@code out}. */
  void writeTo(OutputStream out) throws IOException {
    buffer.writeTo(out);
  }

  @Override
  public void close() {
    writer.dispose();
  }
}
