package dev.dgmspark.io;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriter;

/**
 * Picks the JDK's own ImageIO readers and writers.
 *
 * <p>ImageIO hands out whichever plugin registered with the highest priority, so adding a library such as
 * TwelveMonkeys (which DataVec's image module pulls in, at 3.1.1) would silently change decoding and the
 * warning texts that truncation detection relies on, and the bytes PNGs are written as. Preferring the JDK plugin
 * keeps the decoder's behaviour the one the tests pin down and the written bytes the same; another plugin is used
 * only when the JDK's is absent.
 */
public final class ImagePlugins {
  private static final String JDK_PREFIX = "com.sun.imageio.";

  static {
    // Images are read from and written to byte arrays; a disk cache for streams would only add file I/O.
    ImageIO.setUseCache(false);
  }

  private ImagePlugins() {}

  /** Returns a new reader for {@code format}, the JDK's when there is one. */
  public static ImageReader jdkReader(String format) {
    ImageReader reader = pick(ImageIO.getImageReadersByFormatName(format), ImageReader::dispose);
    if (reader == null) {
      throw new IllegalStateException("No ImageIO reader for " + format);
    }
    return reader;
  }

  /** Returns a new writer for {@code format}, the JDK's when there is one. */
  public static ImageWriter jdkWriter(String format) {
    ImageWriter writer = pick(ImageIO.getImageWritersByFormatName(format), ImageWriter::dispose);
    if (writer == null) {
      throw new IllegalStateException("No ImageIO writer for " + format);
    }
    return writer;
  }

  private static <T> T pick(Iterator<T> candidates, Consumer<T> dispose) {
    List<T> all = new ArrayList<>();
    candidates.forEachRemaining(all::add);
    T chosen = all.stream().filter(p -> p.getClass().getName().startsWith(JDK_PREFIX)).findFirst()
        .orElse(all.isEmpty() ? null : all.get(0));
    all.stream().filter(p -> p != chosen).forEach(dispose);
    return chosen;
  }
}
