package dev.dgmspark.shard.image;

import static dev.dgmspark.shard.image.DecodedImage.near;
import static dev.dgmspark.shard.image.ImageFixtures.BLUE;
import static dev.dgmspark.shard.image.ImageFixtures.RED;
import static dev.dgmspark.shard.image.ImageFixtures.WHITE;
import static dev.dgmspark.shard.image.ImageFixtures.scene;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Tests that decodable oddities are converted to the configured size and channels with the right pixels. */
class ImageDecoderConversionTest {
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

  @ParameterizedTest
  @EnumSource(ImageFixtures.Good.class)
  void everyGoodKindDecodesToTheTargetInBothChannelModes(ImageFixtures.Good kind) {
    byte[] bytes = kind.bytes();
    DecodeOutcome.Accepted a = accepted(rgb, bytes);
    assertEquals(kind.layout(), a.sourceLayout());
    assertEquals(!kind.layout().equals("rgb"), a.converted(), a::toString);
    assertEquals(a.converted() ? kind.layout() : null, a.convertedFrom());
    DecodedImage.read(a.bytes(), 64, 3);
    DecodeOutcome.Accepted g = accepted(grey, bytes);
    assertEquals(!kind.layout().equals("grey"), g.converted(), g::toString);
    DecodedImage.read(g.bytes(), 64, 1);
  }

  @Test
  void sourceDimensionsAndFormatAreReported() {
    DecodeOutcome.Accepted a = accepted(rgb, ImageFixtures.Good.RGB_PNG_200X120.bytes());
    assertEquals(ImageFormat.PNG, a.sourceFormat());
    assertEquals(200, a.sourceWidth());
    assertEquals(120, a.sourceHeight());
    DecodeOutcome.Accepted j = accepted(rgb, ImageFixtures.Good.LARGE_JPEG.bytes());
    assertEquals(ImageFormat.JPEG, j.sourceFormat());
    assertEquals(1200, j.sourceWidth());
    assertEquals(900, j.sourceHeight());
  }

  @Test
  void passthroughReturnsTheSourceBytes() {
    byte[] src = ImageFixtures.png(scene(64, 64, 50));
    DecodeOutcome.Accepted a = accepted(rgb, src);
    assertTrue(a.passthrough());
    assertSame(src, a.bytes());
    assertFalse(a.converted());

    byte[] greySrc = ImageFixtures.png(ImageFixtures.grey(scene(64, 64, 51)));
    DecodeOutcome.Accepted g = accepted(grey, greySrc);
    assertTrue(g.passthrough());
    assertArrayEquals(greySrc, g.bytes());
  }

  @Test
  void passthroughKeepsHarmlessTextChunks() {
    byte[] src = ImageFixtures.insertChunkBefore(ImageFixtures.png(scene(64, 64, 52)), "IDAT",
        ImageFixtures.chunk("tEXt", "Comment\0made in a test".getBytes(StandardCharsets.ISO_8859_1)));
    assertTrue(accepted(rgb, src).passthrough());
  }

  @Test
  void noPassthroughWhenSomethingWouldChange() {
    assertFalse(accepted(rgb, ImageFixtures.rgbWithTransparentKey()).passthrough(), "tRNS key means alpha");
    assertFalse(accepted(rgb, ImageFixtures.png(ImageFixtures.grey(scene(64, 64, 53)))).passthrough(), "grey to RGB");
    assertFalse(accepted(grey, ImageFixtures.png(scene(64, 64, 54))).passthrough(), "RGB to grey");
    assertFalse(accepted(rgb, ImageFixtures.png(ImageFixtures.rgb16(64, 64, 1, 2, 3))).passthrough(), "16-bit");
    assertFalse(accepted(rgb, ImageFixtures.png(scene(65, 65, 55))).passthrough(), "size");
    byte[] withIcc = ImageFixtures.insertChunkBefore(ImageFixtures.png(scene(64, 64, 56)), "IDAT",
        ImageFixtures.chunk("iCCP", new byte[] {'x', 0, 0, 0x78, (byte) 0x9C, 3, 0, 0, 0, 0, 1}));
    DecodeOutcome outcome = rgb.decode(withIcc, null);
    assertFalse(outcome instanceof DecodeOutcome.Accepted acc && acc.passthrough(), "unknown-effect chunk: " + outcome);
  }

  @Test
  void passthroughOutputDecodesToTheSamePixels() {
    byte[] src = ImageFixtures.png(scene(64, 64, 57));
    DecodedImage out = DecodedImage.read(accepted(rgb, src).bytes(), 64, 3);
    BufferedImage expected = scene(64, 64, 57);
    for (int y = 0; y < 64; y += 7) {
      for (int x = 0; x < 64; x += 5) {
        assertEquals(expected.getRGB(x, y) & 0xFFFFFF, out.rgb(x, y));
      }
    }
  }

  @Test
  void rgbaCompositesOverWhite() {
    DecodeOutcome.Accepted a = accepted(rgb, ImageFixtures.png(ImageFixtures.rgbaHalves(64, 64)));
    assertEquals("rgba", a.convertedFrom());
    DecodedImage out = DecodedImage.read(a.bytes(), 64, 3);
    assertEquals(RED, out.rgb(5, 30), "opaque red stays red");
    assertEquals(WHITE, out.rgb(60, 30), "fully transparent becomes white");
  }

  @Test
  void rgbColourKeyBecomesWhite() {
    DecodedImage out = DecodedImage.read(accepted(rgb, ImageFixtures.rgbWithTransparentKey()).bytes(), 64, 3);
    assertEquals(WHITE, out.rgb(10, 10));
    assertEquals(RED, out.rgb(50, 10));
  }

  @Test
  void greyAlphaCompositesOverWhite() {
    DecodeOutcome.Accepted a = accepted(grey, ImageFixtures.png(ImageFixtures.greyAlpha(64, 64)));
    assertEquals("grey+alpha", a.convertedFrom());
    DecodedImage out = DecodedImage.read(a.bytes(), 64, 1);
    assertEquals(100, out.grey(3, 3), "opaque grey keeps its stored value (no gamma shift)");
    assertEquals(255, out.grey(60, 3));
  }

  @Test
  void paletteKeepsItsColours() {
    DecodedImage out = DecodedImage.read(accepted(rgb, ImageFixtures.png(ImageFixtures.paletteQuadrants(64, false))).bytes(), 64, 3);
    assertEquals(0xFF0000, out.rgb(10, 10));
    assertEquals(0x00FF00, out.rgb(50, 10));
    assertEquals(0x0000FF, out.rgb(10, 50));
    assertEquals(0x000000, out.rgb(50, 50));
  }

  @Test
  void paletteTransparencyBecomesWhite() {
    DecodedImage out = DecodedImage.read(accepted(rgb, ImageFixtures.png(ImageFixtures.paletteQuadrants(64, true))).bytes(), 64, 3);
    assertEquals(0xFF0000, out.rgb(10, 10));
    assertEquals(WHITE, out.rgb(50, 50));
  }

  @Test
  void sixteenBitGreyRampStaysMonotonicAndScalesTo8Bits() {
    DecodeOutcome.Accepted a = accepted(grey, ImageFixtures.png(ImageFixtures.grey16Ramp(64, 64)));
    assertEquals("16-bit grey", a.convertedFrom());
    DecodedImage out = DecodedImage.read(a.bytes(), 64, 1);
    assertEquals(0, out.grey(0, 10));
    assertEquals(255, out.grey(63, 10));
    for (int x = 1; x < 64; x++) {
      assertTrue(out.grey(x, 10) > out.grey(x - 1, 10), "strictly rising at x=" + x);
    }
    assertEquals(Math.round(32 * 65535 / 63 / 257.0), out.grey(32, 10), 1);
    // The same ramp as RGB: grey replicated, identical values.
    DecodedImage colour = DecodedImage.read(accepted(rgb, ImageFixtures.png(ImageFixtures.grey16Ramp(64, 64))).bytes(), 64, 3);
    assertEquals(out.grey(40, 5) * 0x010101, colour.rgb(40, 5));
  }

  @Test
  void sixteenBitRgbScalesTo8Bits() {
    DecodedImage out = DecodedImage.read(accepted(rgb, ImageFixtures.png(ImageFixtures.rgb16(64, 64, 0xFFFF, 0x8080, 0))).bytes(), 64, 3);
    assertEquals(0xFF8000, out.rgb(20, 20));
  }

  @Test
  void oneBitGreyExpandsToBlackAndWhite() {
    BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_BYTE_BINARY);
    img.getRaster().setSample(10, 10, 0, 1);
    DecodedImage out = DecodedImage.read(accepted(grey, ImageFixtures.png(img)).bytes(), 64, 1);
    assertEquals(255, out.grey(10, 10));
    assertEquals(0, out.grey(11, 10));
  }

  @Test
  void rgbToGreyUsesRec601Luma() {
    BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 64; y++) {
      for (int x = 0; x < 64; x++) {
        img.setRGB(x, y, x < 32 ? RED : 0x00FF00);
      }
    }
    DecodeOutcome.Accepted a = accepted(grey, ImageFixtures.png(img));
    assertEquals("rgb", a.convertedFrom());
    DecodedImage out = DecodedImage.read(a.bytes(), 64, 1);
    assertEquals(76, out.grey(5, 5)); // 0.299 * 255
    assertEquals(150, out.grey(60, 5)); // 0.587 * 255
  }

  @ParameterizedTest
  @ValueSource(strings = {"cmyk", "ycck"})
  void cmykAndYcckJpegsDecodeToTheirColour(String kind) {
    byte[] jpeg = kind.equals("cmyk") ? ImageFixtures.cmykJpeg(64, 48, RED) : ImageFixtures.ycckJpeg(64, 48, RED);
    DecodeOutcome.Accepted a = accepted(rgb, jpeg);
    assertEquals(kind, a.convertedFrom());
    DecodedImage out = DecodedImage.read(a.bytes(), 64, 3);
    assertTrue(near(out.rgb(32, 32), RED, 12), Integer.toHexString(out.rgb(32, 32)));
  }

  @Test
  void greyJpegStaysGreyWithoutGammaShift() throws Exception {
    // 72 is re-encoded (area-averaged from the DCT coefficients); 64 is already the output and kept as it is.
    for (int side : new int[] {72, 64}) {
      BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY);
      for (int y = 0; y < side; y++) {
        for (int x = 0; x < side; x++) {
          img.getRaster().setSample(x, y, 0, 128);
        }
      }
      byte[] jpeg = ImageFixtures.jpeg(img, false);
      DecodeOutcome.Accepted a = accepted(grey, jpeg);
      assertEquals("grey", a.sourceLayout());
      assertFalse(a.converted());
      assertEquals(side == 64, a.passthrough());
      BufferedImage out = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(a.bytes()));
      if (side == 72) {
        DecodedImage.read(a.bytes(), 64, 1);
      }
      assertEquals(1, out.getRaster().getNumBands());
      assertEquals(128, out.getRaster().getSample(30, 30, 0), 1);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {120, 60, 1000})
  void nonSquareIsCentreCropped(int longSide) {
    for (boolean landscape : new boolean[] {true, false}) {
      int shortSide = longSide / 2;
      BufferedImage img = landscape ? ImageFixtures.centreMarker(longSide, shortSide)
          : ImageFixtures.centreMarker(shortSide, longSide);
      for (byte[] bytes : new byte[][] {ImageFixtures.png(img), ImageFixtures.jpeg(img, false)}) {
        DecodedImage out = DecodedImage.read(accepted(rgb, bytes).bytes(), 64, 3);
        assertTrue(near(out.rgb(32, 32), RED, 40), "marker survives: " + Integer.toHexString(out.rgb(32, 32)));
        for (int i = 0; i < 64; i++) {
          for (int[] p : new int[][] {{i, 0}, {i, 63}, {0, i}, {63, i}}) {
            int c = out.rgb(p[0], p[1]);
            assertFalse((c & 0xFF) - ((c >> 16) & 0xFF) > 40, "cropped blue border shows at " + p[0] + ","
                + p[1] + ": " + Integer.toHexString(c) + " (long side " + longSide + ", landscape " + landscape + ")");
          }
        }
      }
    }
  }

  @Test
  void largeImageSubsampledDecodeMatchesAFullResolutionDownscale() {
    // The decoder subsamples 1000 -> 142 (step 7) before area-averaging to 64; the reference averages all
    // 1000 x 1000 pixels. Smooth content must come out nearly the same.
    BufferedImage img = scene(1000, 1000, 64);
    DecodedImage out = DecodedImage.read(accepted(rgb, ImageFixtures.png(img)).bytes(), 64, 3);
    ByteImage reference = ImageResizer.resize(ByteImageConverter.convert(img, 3), 64);
    long diff = 0;
    for (int y = 0; y < 64; y++) {
      for (int x = 0; x < 64; x++) {
        int c = out.rgb(x, y);
        for (int ch = 0; ch < 3; ch++) {
          diff += Math.abs(((c >> (16 - 8 * ch)) & 0xFF) - reference.sample(x, y, ch));
        }
      }
    }
    double mean = diff / (64.0 * 64 * 3);
    assertTrue(mean < 2, "mean absolute difference " + mean); // 0.85 measured; nearest-neighbour gives 3.1
  }

  @Test
  void smallImageUpscalesSmoothly() {
    BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 16; y++) {
      for (int x = 0; x < 16; x++) {
        img.setRGB(x, y, x < 8 ? 0 : 0xFFFFFF);
      }
    }
    DecodedImage out = DecodedImage.read(accepted(grey, ImageFixtures.png(img)).bytes(), 64, 1);
    assertEquals(0, out.grey(0, 0));
    assertEquals(255, out.grey(63, 0));
    for (int x = 1; x < 64; x++) {
      assertTrue(out.grey(x, 20) >= out.grey(x - 1, 20), "monotonic edge at " + x);
    }
    assertTrue(out.grey(31, 20) > 0 && out.grey(32, 20) < 255, "bilinear blends the edge");
  }

  @Test
  void otherSizesWork() {
    try (ImageDecoder big = new ImageDecoder(DecodeOptions.defaults().withSize(128))) {
      DecodedImage.read(accepted(big, ImageFixtures.Good.LARGE_JPEG.bytes()).bytes(), 128, 3);
      byte[] src = ImageFixtures.png(scene(128, 128, 58));
      assertSame(src, accepted(big, src).bytes());
    }
  }

  @Test
  void jpegWarningsAreExposedOnAcceptedImages() {
    byte[] jpeg = ImageFixtures.jpegWithStrayBytes(ImageFixtures.jpeg(scene(80, 80, 59), false));
    DecodeOutcome.Accepted a = accepted(rgb, jpeg);
    assertEquals(1, a.warnings().size(), a.warnings()::toString);
    assertTrue(a.warnings().get(0).contains("extraneous bytes"), a.warnings()::toString);
  }

  @Test
  void jpegWithDataAfterEoiIsAccepted() {
    // Phones append data after EOI (Motion Photos append a video): that is not truncation.
    byte[] jpeg = ImageFixtures.concat(ImageFixtures.jpeg(scene(80, 80, 60), false), ImageFixtures.randomBytes(5000, 61));
    DecodeOutcome.Accepted a = accepted(rgb, jpeg);
    assertTrue(a.warnings().isEmpty(), a.warnings()::toString);
  }

  @Test
  void bytesAfterIendAreAWarning() {
    byte[] png = ImageFixtures.concat(ImageFixtures.png(scene(64, 64, 62)), new byte[] {0, 0, 0});
    DecodeOutcome.Accepted a = accepted(rgb, png);
    assertEquals(List.of("3 bytes after IEND ignored"), a.warnings());
  }

  @Test
  void extensionMismatchIsAWarning() {
    DecodeOutcome.Accepted a = (DecodeOutcome.Accepted) rgb.decode(ImageFixtures.png(scene(64, 64, 63)), "cat.jpg");
    assertEquals(List.of("name ends in .jpg but the content is PNG"), a.warnings());
    assertTrue(((DecodeOutcome.Accepted) rgb.decode(ImageFixtures.png(scene(64, 64, 63)), "cat.PNG")).warnings().isEmpty());
  }

  @Test
  void convertedFromIsNullForPlainRgb() {
    assertNull(accepted(rgb, ImageFixtures.Good.BASELINE_JPEG.bytes()).convertedFrom());
  }

  @Test
  void blueIsBlue() {
    // Guards channel order in the encoder (BGR buffers are easy to get backwards).
    BufferedImage img = new BufferedImage(30, 30, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 30; y++) {
      for (int x = 0; x < 30; x++) {
        img.setRGB(x, y, BLUE);
      }
    }
    assertEquals(BLUE, DecodedImage.read(accepted(rgb, ImageFixtures.png(img)).bytes(), 64, 3).rgb(10, 10));
  }
}
