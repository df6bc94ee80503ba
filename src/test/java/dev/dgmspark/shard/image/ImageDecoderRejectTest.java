package dev.dgmspark.shard.image;

import static dev.dgmspark.shard.image.ImageFixtures.scene;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Tests that every kind of bad input is rejected with the right reason and a specific message. */
class ImageDecoderRejectTest {
  private static ImageDecoder decoder;

  @BeforeAll
  static void open() {
    decoder = new ImageDecoder();
  }

  @AfterAll
  static void close() {
    decoder.close();
  }

  private static DecodeOutcome.Rejected rejected(byte[] bytes) {
    DecodeOutcome outcome = decoder.decode(bytes, "file");
    return assertInstanceOf(DecodeOutcome.Rejected.class, outcome, () -> "expected a rejection, got " + outcome);
  }

  @ParameterizedTest
  @EnumSource(ImageFixtures.Bad.class)
  void everyBadKindIsRejectedWithItsReason(ImageFixtures.Bad kind) {
    DecodeOutcome.Rejected r = rejected(kind.bytes());
    assertEquals(kind.reason(), r.reason(), r::toString);
    assertFalse(r.message().isBlank());
  }

  @Test
  void zeroBytesAndNullAreEmpty() {
    assertEquals(RejectReason.EMPTY, rejected(new byte[0]).reason());
    assertEquals(RejectReason.EMPTY, rejected(null).reason());
  }

  @Test
  void textIsNotAnImageAndTheMessageSaysSo() {
    DecodeOutcome.Rejected r = (DecodeOutcome.Rejected) decoder.decode(ImageFixtures.Bad.TEXT.bytes(), "x/labels.png");
    assertEquals("not_an_image", r.code());
    assertTrue(r.message().contains("looks like text"), r.message());
    assertTrue(r.message().contains(".png"), r.message());
    assertNull(r.sourceFormat());
  }

  @ParameterizedTest
  @ValueSource(strings = {"GIF", "BMP", "TIFF", "WEBP"})
  void otherFormatsAreNamed(String kind) {
    ImageFixtures.Bad bad = ImageFixtures.Bad.valueOf(kind);
    DecodeOutcome.Rejected r = rejected(bad.bytes());
    assertEquals(RejectReason.UNSUPPORTED_FORMAT, r.reason());
    String expected = ImageFormat.valueOf(kind).displayName();
    assertTrue(r.message().startsWith(expected), r.message());
  }

  @Test
  void pngCutAnywhereIsTruncated() {
    byte[] png = ImageFixtures.png(scene(64, 64, 30));
    int idat = ImageFixtures.chunkOffset(png, "IDAT");
    int[] cuts = {4, 8, 12, 16, 29, 33, idat, idat + 6, idat + 8, idat + 100, png.length - 12, png.length - 4,
        png.length - 1};
    for (int cut : cuts) {
      DecodeOutcome.Rejected r = rejected(ImageFixtures.cut(png, cut));
      assertEquals(RejectReason.TRUNCATED, r.reason(), () -> "cut at " + cut + ": " + r);
    }
  }

  @Test
  void flippedIdatByteIsACrcError() {
    DecodeOutcome.Rejected r = rejected(ImageFixtures.flipIdatByte(ImageFixtures.png(scene(64, 64, 31))));
    assertEquals(RejectReason.CORRUPT, r.reason());
    assertTrue(r.message().contains("IDAT") && r.message().contains("CRC"), r.message());
  }

  @Test
  void flippedByteIsCaughtOnTheResizePathToo() {
    // 200x120 is not passthrough, so ImageIO decodes it; the CRC check must still come first.
    DecodeOutcome.Rejected r = rejected(ImageFixtures.flipIdatByte(ImageFixtures.png(scene(200, 120, 32))));
    assertEquals(RejectReason.CORRUPT, r.reason());
    assertTrue(r.message().contains("CRC"), r.message());
  }

  @Test
  void validCrcButBrokenZlibIsCorruptOnBothPaths() {
    byte[] png = ImageFixtures.pngWithIdat(64, 64, 2, ImageFixtures.randomBytes(300, 33));
    assertEquals(RejectReason.CORRUPT, rejected(png).reason()); // passthrough candidate: own inflate check
    try (ImageDecoder grey = new ImageDecoder(DecodeOptions.defaults().withChannels(1))) {
      DecodeOutcome r = grey.decode(png, "x.png"); // must be converted, so ImageIO decodes it
      assertEquals(RejectReason.CORRUPT, ((DecodeOutcome.Rejected) r).reason(), r::toString);
    }
  }

  @Test
  void pixelDataShorterThanTheImageIsCorrupt() {
    // 64 rows declared, 32 rows of data, stream properly closed: complete file, wrong content.
    byte[] full = ImageFixtures.rawRgbPng(64, 32, new byte[64 * 32 * 3]);
    byte[] ihdr = Arrays.copyOfRange(full, 16, 29);
    ihdr[7] = 64; // height 32 -> 64
    int idat = ImageFixtures.chunkOffset(full, "IDAT");
    byte[] data = Arrays.copyOfRange(full, idat + 8, idat + 8 + ImageFixtures.readInt(full, idat));
    byte[] png = ImageFixtures.concat(Arrays.copyOf(full, 8), ImageFixtures.chunk("IHDR", ihdr),
        ImageFixtures.chunk("IDAT", data), ImageFixtures.chunk("IEND", new byte[0]));
    DecodeOutcome.Rejected r = rejected(png);
    assertEquals(RejectReason.CORRUPT, r.reason());
    assertTrue(r.message().contains("of 12352 bytes"), r.message());
  }

  @Test
  void damagedChunkLengthInACompleteFileIsCorruptNotTruncated() {
    byte[] png = ImageFixtures.png(scene(64, 64, 34));
    int idat = ImageFixtures.chunkOffset(png, "IDAT");
    png[idat] = 0x10; // length now ~268 MB, far past the end; the file still ends with IEND
    DecodeOutcome.Rejected r = rejected(png);
    assertEquals(RejectReason.CORRUPT, r.reason(), r::toString);
  }

  @Test
  void hugePngHeaderIsTooLargeWithoutDecoding() {
    // IDAT is random bytes: decoding would report corrupt, so too_large proves the decision came first.
    // Decoding would also need a 30000x30000 raster: 2.7 GB for RGB, so the bytes this thread allocates show whether
    // it was attempted, where a time limit would depend on the machine's load.
    byte[] png = ImageFixtures.pngWithIdat(30_000, 30_000, 2, ImageFixtures.randomBytes(64, 35));
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    DecodeOutcome.Rejected r = rejected(png);
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    assertEquals(RejectReason.TOO_LARGE, r.reason());
    assertTrue(r.message().contains("30000x30000"), r.message());
    assertTrue(r.message().contains("900,000,000") && r.message().contains("25,000,000"), r.message());
    assertTrue(allocated < 64L << 20, "allocated " + allocated + " bytes: no raster of 900 million pixels");
  }

  @Test
  void pixelLimitIsConfigurable() {
    byte[] png = ImageFixtures.png(scene(200, 120, 36));
    try (ImageDecoder strict = new ImageDecoder(DecodeOptions.defaults().withMaxPixels(200 * 120 - 1))) {
      assertEquals(RejectReason.TOO_LARGE, ((DecodeOutcome.Rejected) strict.decode(png)).reason());
    }
    try (ImageDecoder exact = new ImageDecoder(DecodeOptions.defaults().withMaxPixels(200 * 120))) {
      assertTrue(exact.decode(png).accepted());
    }
  }

  @Test
  void hugeJpegHeaderIsTooLarge() {
    DecodeOutcome.Rejected r = rejected(ImageFixtures.Bad.JPEG_HUGE_SOF.bytes());
    assertEquals(RejectReason.TOO_LARGE, r.reason());
    assertTrue(r.message().startsWith("JPEG declares 30000x30000"), r.message());
  }

  @Test
  void jpegCutAnywhereIsTruncated() {
    for (boolean progressive : new boolean[] {false, true}) {
      byte[] jpeg = ImageFixtures.jpeg(scene(160, 120, 37), progressive);
      int sos = ImageFixtures.segmentOffset(jpeg, 0xDA);
      int[] cuts = {3, 10, 100, sos, sos + 5, sos + 40, (sos + jpeg.length) / 2, jpeg.length - 100,
          jpeg.length - 2, jpeg.length - 1};
      for (int cut : cuts) {
        DecodeOutcome.Rejected r = rejected(ImageFixtures.cut(jpeg, cut));
        assertEquals(RejectReason.TRUNCATED, r.reason(), () -> "progressive=" + progressive + " cut " + cut + ": " + r);
      }
    }
  }

  @Test
  void truncatedJpegMessageQuotesTheDecoderWarning() {
    DecodeOutcome.Rejected r = rejected(ImageFixtures.Bad.JPEG_CUT_HALF.bytes());
    assertTrue(r.message().contains("Missing EOI"), r.message());
  }

  @Test
  void arithmeticJpegIsUndecodableAndNamed() {
    DecodeOutcome.Rejected r = rejected(ImageFixtures.Bad.JPEG_ARITHMETIC.bytes());
    assertEquals(RejectReason.UNDECODABLE, r.reason());
    assertTrue(r.message().contains("arithmetic"), r.message());
  }

  @Test
  void mangledSignatureIsCorruptPng() {
    DecodeOutcome.Rejected r = rejected(ImageFixtures.Bad.PNG_SIGNATURE_MANGLED.bytes());
    assertEquals(ImageFormat.PNG, r.sourceFormat());
    assertTrue(r.message().contains("signature"), r.message());
  }

  @Test
  void readErrorExistsForCallersOnly() {
    assertEquals("read_error", RejectReason.READ_ERROR.code());
    assertEquals(RejectReason.READ_ERROR, RejectReason.fromCode("read_error"));
  }

  /** Mutates good files at random: whatever comes out, decode() returns an outcome and does not throw. */
  @Test
  void randomDamageNeverEscapesAsAnException() {
    List<byte[]> seeds = new ArrayList<>();
    seeds.add(ImageFixtures.png(scene(64, 64, 40)));
    seeds.add(ImageFixtures.png(scene(90, 70, 41)));
    seeds.add(ImageFixtures.interlacedPng(scene(40, 40, 42)));
    seeds.add(ImageFixtures.png(ImageFixtures.paletteQuadrants(32, true)));
    seeds.add(ImageFixtures.jpeg(scene(100, 80, 43), false));
    seeds.add(ImageFixtures.jpeg(scene(100, 80, 44), true));
    seeds.add(ImageFixtures.cmykJpeg(32, 32, ImageFixtures.RED));
    Random random = new Random(45);
    int accepted = 0;
    int total = 0;
    for (byte[] seed : seeds) {
      for (int i = 0; i < 150; i++) {
        byte[] b = seed.clone();
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits; e++) {
          int at = 2 + random.nextInt(b.length - 2); // keep the signature so the decoders are reached
          b[at] = (byte) random.nextInt(256);
        }
        if (random.nextInt(4) == 0) {
          b = ImageFixtures.cut(b, 4 + random.nextInt(b.length - 4));
        }
        DecodeOutcome outcome = decoder.decode(b, "fuzz");
        assertNotNull(outcome);
        total++;
        accepted += outcome.accepted() ? 1 : 0;
      }
    }
    // Sanity: PNG damage is always caught by CRCs, JPEG damage often decodes with warnings.
    assertTrue(accepted < total, accepted + " of " + total);
    assertTrue(decoder.decode(seeds.get(0), "after.png").accepted(), "decoder still works after the damage");
  }
}
