package dev.dgmspark.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** {@link PngWriter}: lossless, deterministic, and compressing at the level it is given. */
class PngWriterTest {
  private static BufferedImage picture(int type, long seed) {
    BufferedImage image = new BufferedImage(37, 23, type);
    Random random = new Random(seed);
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int grey = (x * 5 + y * 3 + random.nextInt(8)) & 0xff;
        image.setRGB(x, y, type == BufferedImage.TYPE_BYTE_GRAY ? grey * 0x010101 : random.nextInt(0x1000000));
      }
    }
    return image;
  }

  @Test
  void decodesToTheSamePixels() throws Exception {
    for (int type : new int[] {BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_INT_RGB,
        BufferedImage.TYPE_BYTE_GRAY}) {
      BufferedImage image = picture(type, type);
      try (PngWriter png = new PngWriter(PngWriter.FASTEST)) {
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(png.encode(image)));
        assertEquals(image.getWidth(), decoded.getWidth());
        assertEquals(image.getHeight(), decoded.getHeight());
        for (int y = 0; y < image.getHeight(); y++) {
          for (int x = 0; x < image.getWidth(); x++) {
            assertEquals(image.getRaster().getSample(x, y, 0), decoded.getRaster().getSample(x, y, 0),
                "type " + type + " at " + x + "," + y);
          }
        }
        assertEquals(image.getRaster().getNumBands(), decoded.getRaster().getNumBands());
      }
    }
  }

  @Test
  void theSamePixelsGiveTheSameBytesFromEveryWriter() {
    BufferedImage image = picture(BufferedImage.TYPE_3BYTE_BGR, 5);
    byte[] first;
    try (PngWriter a = new PngWriter(PngWriter.SHARD)) {
      first = a.encode(image);
      assertArrayEquals(first, a.encode(image), "a reused writer");
    }
    try (PngWriter b = new PngWriter(PngWriter.SHARD)) {
      assertArrayEquals(first, b.encode(image), "another writer");
    }
  }

  @Test
  void theDeflateLevelReachesTheCompressor() {
    // The zlib header's FLEVEL bits (RFC 1950) say which level class compressed the data: 0 for levels 0-1,
    // 1 for 2-5, 2 for 6, 3 for 7-9.
    BufferedImage image = picture(BufferedImage.TYPE_3BYTE_BGR, 9);
    int[][] levelAndClass = {{1, 0}, {2, 1}, {4, 1}, {6, 2}, {9, 3}};
    for (int[] pair : levelAndClass) {
      try (PngWriter png = new PngWriter(pair[0])) {
        assertEquals(pair[1], zlibLevelClass(png.encode(image)), "level " + pair[0]);
      }
    }
    assertEquals(1, zlibLevelClass(PngWriter.bytes(image)), "one-off pictures at the default level 4");
    assertThrows(IllegalArgumentException.class, () -> new PngWriter(10));
  }

  /** FLEVEL of the zlib stream in the first IDAT chunk. */
  private static int zlibLevelClass(byte[] png) {
    ByteBuffer buffer = ByteBuffer.wrap(png);
    int at = 8;   // after the signature: chunks of length, type, data, CRC
    while (at < png.length) {
      int length = buffer.getInt(at);
      String type = new String(png, at + 4, 4, StandardCharsets.US_ASCII);
      if (type.equals("IDAT")) {
        assertEquals(0x78, png[at + 8] & 0xff, "deflate with a 32K window");
        return (png[at + 9] & 0xff) >> 6;
      }
      at += 12 + length;
    }
    throw new AssertionError("no IDAT chunk");
  }
}
