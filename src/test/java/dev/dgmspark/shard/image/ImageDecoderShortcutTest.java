package dev.dgmspark.shard.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tests which inputs the decoder keeps as they are, which it takes through the DCT-domain path, and that files
 * those shortcuts decline still get ImageIO's verdict.
 */
class ImageDecoderShortcutTest {
  private static ImageDecoder rgb;
  private static ImageDecoder grey;

  @BeforeAll
  static void open() {
    rgb = new ImageDecoder();
    grey = new ImageDecoder(DecodeOptions.defaults().withChannels(1));
  }

  @AfterAll
  static void close() {
    rgb.close();
    grey.close();
  }

  private static DecodeOutcome.Accepted accepted(ImageDecoder decoder, byte[] bytes) {
    DecodeOutcome outcome = decoder.decode(bytes, null);
    return assertInstanceOf(DecodeOutcome.Accepted.class, outcome, () -> "expected acceptance, got " + outcome);
  }

  private static byte[] imageIoPng(BufferedImage img) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  @Test
  void pngsAtTheTargetFromOtherEncodersAreKeptByteForByte() throws IOException {
    BufferedImage scene = ImageFixtures.scene(64, 64, 21);
    // As another program's ImageIO.write would write them, from either common image type.
    BufferedImage bgr = new BufferedImage(64, 64, BufferedImage.TYPE_3BYTE_BGR);
    bgr.getGraphics().drawImage(scene, 0, 0, null);
    for (byte[] png : new byte[][] {imageIoPng(scene), imageIoPng(bgr)}) {
      DecodeOutcome.Accepted a = accepted(rgb, png);
      assertTrue(a.passthrough(), a::toString);
      assertSame(png, a.bytes());
    }
    // A hand-made encoder's layout: pHYs and tEXt chunks, the data split over several IDAT chunks.
    byte[] raw = new byte[64 * 64 * 3];
    new Random(22).nextBytes(raw);
    byte[] zlib = ImageFixtures.zlib(ImageFixtures.filteredRows(64, 64, raw, -1, 0), true);
    byte[] ihdr = Arrays.copyOfRange(ImageFixtures.rawRgbPng(64, 64, raw), 8, 8 + 25);
    byte[] foreign = ImageFixtures.concat(Arrays.copyOf(ImageFixtures.rawRgbPng(64, 64, raw), 8), ihdr,
        ImageFixtures.chunk("pHYs", new byte[] {0, 0, 0x0B, 0x13, 0, 0, 0x0B, 0x13, 1}),
        ImageFixtures.chunk("tEXt", "Software\0other".getBytes(StandardCharsets.ISO_8859_1)),
        ImageFixtures.chunk("IDAT", Arrays.copyOfRange(zlib, 0, 1000)),
        ImageFixtures.chunk("IDAT", Arrays.copyOfRange(zlib, 1000, 5000)),
        ImageFixtures.chunk("IDAT", Arrays.copyOfRange(zlib, 5000, zlib.length)),
        ImageFixtures.chunk("IEND", new byte[0]));
    DecodeOutcome.Accepted a = accepted(rgb, foreign);
    assertTrue(a.passthrough(), a::toString);
    assertSame(foreign, a.bytes());
    assertEquals(ImageIO.read(new ByteArrayInputStream(foreign)).getRGB(10, 20),
        ImageIO.read(new ByteArrayInputStream(a.bytes())).getRGB(10, 20));
  }

  @Test
  void baselineJpegAtTheTargetIsKeptAfterItsDataIsChecked() {
    byte[] jpeg = ImageFixtures.jpeg(ImageFixtures.scene(64, 64, 23), false);
    DecodeOutcome.Accepted a = accepted(rgb, jpeg);
    assertTrue(a.passthrough(), a::toString);
    assertSame(jpeg, a.bytes());
    assertEquals(ImageFormat.JPEG, ImageFormat.sniff(a.bytes()));
    assertFalse(a.converted());
    assertEquals(java.util.List.of(), a.warnings());
  }

  @Test
  void progressiveJpegAtTheTargetIsKeptOnceImageIoDecodedItCleanly() {
    byte[] jpeg = ImageFixtures.jpeg(ImageFixtures.scene(64, 64, 24), true);
    DecodeOutcome.Accepted a = accepted(rgb, jpeg);
    assertTrue(a.passthrough(), a::toString);
    assertSame(jpeg, a.bytes());
  }

  @Test
  void greyJpegIsKeptOnlyForGreyOutput() {
    byte[] jpeg = ImageFixtures.jpeg(ImageFixtures.grey(ImageFixtures.scene(64, 64, 25)), false);
    assertTrue(accepted(grey, jpeg).passthrough());
    DecodeOutcome.Accepted toRgb = accepted(rgb, jpeg);
    assertFalse(toRgb.passthrough());
    assertTrue(toRgb.converted());
    DecodedImage.read(toRgb.bytes(), 64, 3);
    DecodeOutcome.Accepted colourToGrey = accepted(grey, ImageFixtures.jpeg(ImageFixtures.scene(64, 64, 26), false));
    assertFalse(colourToGrey.passthrough());
    DecodedImage.read(colourToGrey.bytes(), 64, 1);
  }

  @Test
  void jpegAtTheTargetIsReencodedWhenKeepingItCouldChangeWhatAReaderSees() {
    byte[] plain = ImageFixtures.jpeg(ImageFixtures.scene(64, 64, 27), false);
    byte[] exif = JpegSamples.withSegmentAfterSoi(plain, 0xE1, "Exif\0\0MM\0*\0\0\0\10\0\0".getBytes(
        StandardCharsets.ISO_8859_1));
    DecodeOutcome.Accepted a = accepted(rgb, exif);
    assertFalse(a.passthrough(), "Exif orientation is applied by some readers only");
    DecodedImage.read(a.bytes(), 64, 3);
    // Damage ImageIO decodes with a warning: accepted with the warning, as before, and never kept.
    DecodeOutcome.Accepted warned = accepted(rgb, ImageFixtures.jpegWithStrayBytes(plain));
    assertFalse(warned.passthrough());
    assertFalse(warned.warnings().isEmpty());
    DecodedImage.read(warned.bytes(), 64, 3);
  }

  @Test
  void cameraSizeJpegIsAreaAveragedFromItsCoefficients() {
    byte[] jpeg = JpegSamples.jpeg(JpegSamples.noisyScene(640, 480, 28), 0.9f, 0);
    DecodeOutcome.Accepted a = accepted(rgb, jpeg);
    assertEquals(640, a.sourceWidth());
    assertEquals(480, a.sourceHeight());
    assertFalse(a.passthrough());
    assertFalse(a.converted());
    DecodedImage out = DecodedImage.read(a.bytes(), 64, 3);
    BaselineJpeg direct = new BaselineJpeg();
    direct.parse(jpeg);
    ByteImage expected = direct.decodeArea(jpeg, 64, 3);
    for (int y = 0; y < 64; y++) {
      for (int x = 0; x < 64; x++) {
        assertEquals(expected.sample(x, y, 0) << 16 | expected.sample(x, y, 1) << 8 | expected.sample(x, y, 2),
            out.rgb(x, y), "pixel " + x + "," + y);
      }
    }
  }

  @Test
  void cameraSizeJpegsThatTheShortcutDeclinesKeepImageIosVerdict() {
    byte[] jpeg = JpegSamples.jpeg(JpegSamples.noisyScene(640, 480, 29), 0.9f, 0);
    DecodeOutcome cut = rgb.decode(ImageFixtures.cutInScan(jpeg, 0.6), null);
    assertEquals(RejectReason.TRUNCATED, assertInstanceOf(DecodeOutcome.Rejected.class, cut).reason());
    DecodeOutcome.Accepted stray = accepted(rgb, ImageFixtures.jpegWithStrayBytes(jpeg));
    assertFalse(stray.warnings().isEmpty(), "ImageIO's warning is kept");
    DecodeOutcome.Accepted progressive = accepted(rgb, ImageFixtures.jpeg(JpegSamples.noisyScene(640, 480, 30),
        true));
    DecodedImage.read(progressive.bytes(), 64, 3);
  }

  @Test
  void passthroughOutputsDecodeToTheSourcePixels() throws IOException {
    byte[] jpeg = ImageFixtures.jpeg(ImageFixtures.scene(64, 64, 31), false);
    BufferedImage source = ImageIO.read(new ByteArrayInputStream(jpeg));
    BufferedImage kept = ImageIO.read(new ByteArrayInputStream(accepted(rgb, jpeg).bytes()));
    int[] a = source.getRGB(0, 0, 64, 64, null, 0, 64);
    int[] b = kept.getRGB(0, 0, 64, 64, null, 0, 64);
    assertArrayEquals(a, b);
  }
}
