package dev.dgmspark.shard.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Tests the DCT-domain JPEG decoder: faithful to a full decode, strict about the data, narrow in scope. */
class BaselineJpegTest {
  private final BaselineJpeg jpeg = new BaselineJpeg();

  /**
   * The area average from the coefficients against the JDK's full decode followed by the area-averaging resize.
   *
   * <p>Tolerance: both compute the same average of the same decoded pixels (chroma through the same triangle
   * interpolation), so they differ only where the full decode rounds: libjpeg's integer inverse DCT and colour
   * conversion put every full-size pixel within about one level of the exact value, errors that mostly cancel
   * over a footprint, plus clamping where pixels saturate. Measured on these images: mean 0.04 to 0.44 levels,
   * no sample off by more than 2 (on the benchmark's 1,200 camera photos: mean 0.14, largest 5, where the old
   * subsampled ImageIO path was off by 3.7 on average and up to 97). Asserted: mean below 0.6, every sample within
   * 6.
   */
  @ParameterizedTest
  @CsvSource({"640, 480, 64, 3", "1024, 768, 64, 3", "480, 640, 64, 3", "640, 480, 64, 1", "640, 480, 32, 3",
      "1024, 768, 100, 3", "200, 150, 64, 3", "70, 70, 64, 3", "64, 80, 64, 3"})
  void areaDecodeMatchesAFullDecodeThenAreaResize(int w, int h, int size, int channels) {
    byte[] bytes = JpegSamples.jpeg(JpegSamples.noisyScene(w, h, w * 31L + h), 0.9f, 0);
    assertNull(jpeg.parse(bytes));
    ByteImage fast = jpeg.decodeArea(bytes, size, channels);
    assertNotNull(fast);
    ByteImage reference = JpegSamples.fullDecodeThenResize(bytes, size, channels);
    double[] diff = JpegSamples.difference(reference, fast);
    assertTrue(diff[0] < 0.6 && diff[1] <= 6, () -> String.format("%dx%d to %d, %d channels: mean %.3f, max %.0f",
        w, h, size, channels, diff[0], diff[1]));
  }

  @Test
  void greyJpegAreaDecodeMatchesToo() {
    byte[] bytes = JpegSamples.jpeg(ImageFixtures.grey(JpegSamples.noisyScene(500, 400, 3)), 0.85f, 0);
    assertNull(jpeg.parse(bytes));
    assertEquals(1, jpeg.components());
    for (int channels : new int[] {1, 3}) {
      double[] diff = JpegSamples.difference(JpegSamples.fullDecodeThenResize(bytes, 64, channels),
          jpeg.decodeArea(bytes, 64, channels));
      assertTrue(diff[0] < 0.6 && diff[1] <= 6, Arrays.toString(diff));
    }
  }

  @Test
  void restartIntervalsAreFollowed() {
    byte[] bytes = JpegSamples.jpeg(JpegSamples.noisyScene(320, 240, 5), 0.9f, 7);
    assertTrue(ImageFixtures.segmentOffset(bytes, 0xDD) > 0, "the writer put a DRI segment in");
    assertNull(jpeg.parse(bytes));
    assertTrue(jpeg.check(bytes));
    double[] diff = JpegSamples.difference(JpegSamples.fullDecodeThenResize(bytes, 64, 3),
        jpeg.decodeArea(bytes, 64, 3));
    assertTrue(diff[0] < 0.6, Arrays.toString(diff));
    // Renumber the first restart marker: libjpeg warns and resynchronises; this decoder declines.
    int at = JpegSamples.scanData(bytes);
    while (!((bytes[at] & 0xFF) == 0xFF && (bytes[at + 1] & 0xFF) == 0xD0)) {
      at++;
    }
    byte[] wrong = bytes.clone();
    wrong[at + 1] = (byte) 0xD3;
    assertNull(jpeg.parse(wrong));
    assertFalse(jpeg.check(wrong));
    assertFalse(JpegSamples.imageIoWarnings(wrong).isEmpty(), "libjpeg notices it too");
  }

  @Test
  void cutPaddedOrExtendedScansAreDeclined() {
    byte[] bytes = JpegSamples.jpeg(JpegSamples.noisyScene(160, 120, 6), 0.9f, 0);
    assertNull(jpeg.parse(bytes));
    assertTrue(jpeg.check(bytes));
    int data = JpegSamples.scanData(bytes);
    for (double fraction : new double[] {0.1, 0.5, 0.99}) {
      byte[] cut = Arrays.copyOf(bytes, data + (int) ((bytes.length - 2 - data) * fraction));
      assertNull(jpeg.parse(cut));
      assertFalse(jpeg.check(cut), "cut at " + fraction);
      assertNull(jpeg.decodeArea(cut, 64, 3));
    }
    byte[] noEoi = Arrays.copyOf(bytes, bytes.length - 2);
    assertFalse(jpeg.check(noEoi), "EOI missing");
    // Two bytes of garbage before EOI: declined here (libjpeg would warn about extraneous bytes if it read on to
    // EOI, which the JDK's reader does not), so ImageIO decides, and it accepts.
    byte[] extra = ImageFixtures.concat(Arrays.copyOf(bytes, bytes.length - 2), new byte[] {0x12, 0x34},
        new byte[] {(byte) 0xFF, (byte) 0xD9});
    assertFalse(jpeg.check(extra));
    try (ImageDecoder decoder = new ImageDecoder()) {
      assertTrue(decoder.decode(extra).accepted());
    }
    // Bytes after EOI are not part of the image (cameras append data there).
    byte[] trailer = ImageFixtures.concat(bytes, "trailer".getBytes(StandardCharsets.US_ASCII));
    assertTrue(jpeg.check(trailer));
  }

  /**
   * Whatever this decoder accepts, libjpeg decodes without a warning: single-byte damage anywhere in the scan data,
   * seeded. (The converse need not hold: this decoder also declines damage libjpeg lets pass silently, such as a
   * coefficient index past 63; ImageIO then decides as before.)
   */
  @Test
  void whatItAcceptsLibjpegDecodesWithoutWarning() {
    byte[] bytes = JpegSamples.jpeg(JpegSamples.noisyScene(96, 64, 7), 0.9f, 0);
    int data = JpegSamples.scanData(bytes);
    Random random = new Random(17);
    int accepted = 0;
    int declined = 0;
    for (int i = 0; i < 300; i++) {
      byte[] damaged = bytes.clone();
      int at = data + random.nextInt(bytes.length - 2 - data);
      damaged[at] ^= (byte) (1 + random.nextInt(255));
      assertNull(jpeg.parse(damaged));
      if (jpeg.check(damaged)) {
        accepted++;
        assertEquals(java.util.List.of(), JpegSamples.imageIoWarnings(damaged), "damage at " + at);
      } else {
        declined++;
      }
    }
    assertTrue(accepted > 0 && declined > 0, accepted + " accepted, " + declined + " declined");
  }

  @Test
  void outOfScopeFilesAreDeclinedWithAReason() {
    byte[] baseline = ImageFixtures.jpeg(ImageFixtures.scene(80, 80, 8), false);
    assertNull(jpeg.parse(baseline));
    assertTrue(jpeg.passthroughSafe());
    assertNotNull(jpeg.parse(ImageFixtures.jpeg(ImageFixtures.scene(80, 80, 8), true)), "progressive");
    assertNotNull(jpeg.parse(ImageFixtures.cmykJpeg(64, 48, ImageFixtures.RED)), "CMYK");
    assertNotNull(jpeg.parse(ImageFixtures.ycckJpeg(64, 48, ImageFixtures.RED)), "YCCK");
    assertNotNull(jpeg.parse(ImageFixtures.jpegWithSofMarker(baseline, 0xC9)), "arithmetic");
    assertNotNull(jpeg.parse(ImageFixtures.jpegWithStrayBytes(baseline)), "stray bytes between segments");
    byte[] icc = JpegSamples.withSegmentAfterSoi(baseline, 0xE2, "ICC_PROFILE\0\1\1 profile".getBytes(
        StandardCharsets.ISO_8859_1));
    assertNotNull(jpeg.parse(icc), "ICC profile");
    assertFalse(jpeg.passthroughSafe());
    byte[] noJfif = dropApp0(baseline);
    assertNotNull(jpeg.parse(noJfif), "three components without JFIF");
  }

  @Test
  void exifMakesAJpegUnsafeToKeepButStillDecodable() {
    byte[] baseline = ImageFixtures.jpeg(ImageFixtures.scene(64, 64, 9), false);
    byte[] exif = JpegSamples.withSegmentAfterSoi(baseline, 0xE1, "Exif\0\0MM\0*\0\0\0\10\0\0".getBytes(
        StandardCharsets.ISO_8859_1));
    assertNull(jpeg.parse(exif));
    assertFalse(jpeg.passthroughSafe(), "an orientation tag would be applied by some readers only");
    assertTrue(jpeg.check(exif));
  }

  private static byte[] dropApp0(byte[] jpeg) {
    int app0 = ImageFixtures.segmentOffset(jpeg, 0xE0);
    int length = (jpeg[app0 + 2] & 0xFF) << 8 | (jpeg[app0 + 3] & 0xFF);
    return ImageFixtures.concat(Arrays.copyOf(jpeg, app0), Arrays.copyOfRange(jpeg, app0 + 2 + length, jpeg.length));
  }

  @Test
  void averagingWeightsSumToTheFootprint() {
    // A flat grey JPEG of value v decodes to v everywhere, whatever the scale and the footprint's alignment.
    java.awt.image.BufferedImage flat = new java.awt.image.BufferedImage(333, 250,
        java.awt.image.BufferedImage.TYPE_INT_RGB);
    java.awt.Graphics2D g = flat.createGraphics();
    g.setColor(new java.awt.Color(90, 140, 200));
    g.fillRect(0, 0, 333, 250);
    g.dispose();
    byte[] bytes = JpegSamples.jpeg(flat, 0.95f, 0);
    assertNull(jpeg.parse(bytes));
    for (int size : new int[] {17, 64, 125, 250}) {
      ByteImage out = jpeg.decodeArea(bytes, size, 3);
      ByteImage reference = JpegSamples.fullDecodeThenResize(bytes, size, 3);
      for (int i = 0; i < out.data().length; i++) {
        assertEquals(reference.data()[i] & 0xFF, out.data()[i] & 0xFF, 1.0, "size " + size + " sample " + i);
      }
    }
  }
}
