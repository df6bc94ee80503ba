package dev.dgmspark.shard.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Tests format sniffing by magic bytes. */
class ImageFormatTest {

  private static byte[] bytes(int... values) {
    byte[] b = new byte[Math.max(values.length, 32)];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }

  private static byte[] ascii(String s) {
    byte[] text = s.getBytes(StandardCharsets.ISO_8859_1);
    byte[] b = new byte[Math.max(text.length, 32)];
    System.arraycopy(text, 0, b, 0, text.length);
    return b;
  }

  @Test
  void recognisesTheDecodableFormats() {
    assertEquals(ImageFormat.PNG, ImageFormat.sniff(ImageFixtures.png(ImageFixtures.scene(8, 8, 1))));
    assertEquals(ImageFormat.JPEG, ImageFormat.sniff(ImageFixtures.jpeg(ImageFixtures.scene(8, 8, 1), false)));
    assertTrue(ImageFormat.PNG.decodable() && ImageFormat.JPEG.decodable());
    assertEquals("jpeg", ImageFormat.JPEG.code());
  }

  @Test
  void recognisesOtherFormatsByTheirSignatures() {
    assertEquals(ImageFormat.GIF, ImageFormat.sniff(ascii("GIF87a")));
    assertEquals(ImageFormat.GIF, ImageFormat.sniff(ascii("GIF89a")));
    assertEquals(ImageFormat.WEBP, ImageFormat.sniff(ImageFixtures.webpHeader()));
    assertEquals(ImageFormat.TIFF, ImageFormat.sniff(bytes('I', 'I', 42, 0)));
    assertEquals(ImageFormat.TIFF, ImageFormat.sniff(bytes('M', 'M', 0, 42)));
    assertEquals(ImageFormat.BMP, ImageFormat.sniff(ImageFixtures.encode(ImageFixtures.scene(8, 8, 1), "bmp")));
    assertEquals(ImageFormat.HEIF, ImageFormat.sniff(ascii("\0\0\0\u0018ftypheic")));
    assertEquals(ImageFormat.AVIF, ImageFormat.sniff(ascii("\0\0\0\u001Cftypavif")));
    assertEquals(ImageFormat.JPEG_2000, ImageFormat.sniff(bytes(0, 0, 0, 0x0C, 'j', 'P', ' ', ' ')));
    assertEquals(ImageFormat.JPEG_XL, ImageFormat.sniff(bytes(0xFF, 0x0A)));
    assertEquals(ImageFormat.PSD, ImageFormat.sniff(ascii("8BPS")));
    assertEquals(ImageFormat.QOI, ImageFormat.sniff(ascii("qoif")));
    assertEquals(ImageFormat.OPENEXR, ImageFormat.sniff(bytes(0x76, 0x2F, 0x31, 0x01)));
    assertEquals(ImageFormat.ICO, ImageFormat.sniff(bytes(0, 0, 1, 0, 1, 0)));
    assertEquals(ImageFormat.PNM, ImageFormat.sniff(ascii("P6\n64 64\n255\n")));
    assertEquals(ImageFormat.SVG, ImageFormat.sniff(ascii("<?xml version=\"1.0\"?>\n<svg xmlns=")));
    for (ImageFormat f : ImageFormat.values()) {
      assertEquals(f == ImageFormat.PNG || f == ImageFormat.JPEG, f.decodable(), f::name);
    }
  }

  @Test
  void textStartingWithBmIsNotBmp() {
    assertNull(ImageFormat.sniff(ascii("BMW 320i, 2004, blue\n")));
  }

  @Test
  void unknownAndTinyInputsGiveNull() {
    assertNull(ImageFormat.sniff(new byte[] {1}));
    assertNull(ImageFormat.sniff(new byte[0]));
    assertNull(ImageFormat.sniff(ascii("<html><body>not found</body></html>")));
    assertNull(ImageFormat.sniff(ImageFixtures.randomBytes(100, 11)));
  }

  @Test
  void damagedPngSignatureStillCountsAsPng() {
    assertEquals(ImageFormat.PNG, ImageFormat.sniff(ImageFixtures.textModeMangled(ImageFixtures.png(ImageFixtures.scene(8, 8, 1)))));
    assertFalse(ImageFormat.GIF.decodable());
  }
}
