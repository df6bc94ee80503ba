package dev.dgmspark.shard.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Tests the passthrough validation of PNG pixel data (through {@link ImageDecoder}, and directly where a
 * decoder would not reach it).
 */
class PngDataCheckTest {

  private static DecodeOutcome decode(byte[] png, int size) {
    try (ImageDecoder decoder = new ImageDecoder(DecodeOptions.defaults().withSize(size))) {
      return decoder.decode(png, null);
    }
  }

  @Test
  void interlacedImagesOfEverySmallSizePassThrough() {
    // Sizes below 8 leave some of the seven Adam7 passes empty, which then have no rows at all.
    for (int side = 1; side <= 17; side++) {
      byte[] png = ImageFixtures.interlacedPng(ImageFixtures.scene(side, side, side));
      assertEquals(1, png[28], "interlace flag");
      DecodeOutcome outcome = decode(png, side);
      int s = side;
      DecodeOutcome.Accepted a = assertInstanceOf(DecodeOutcome.Accepted.class, outcome, () -> s + ": " + outcome);
      assertTrue(a.passthrough());
      assertSame(png, a.bytes());
    }
  }

  @Test
  void interlacedGreyPassesThroughForOneChannel() {
    byte[] png = ImageFixtures.interlacedPng(ImageFixtures.grey(ImageFixtures.scene(64, 64, 70)));
    try (ImageDecoder grey = new ImageDecoder(DecodeOptions.defaults().withChannels(1))) {
      assertTrue(((DecodeOutcome.Accepted) grey.decode(png, null)).passthrough());
    }
  }

  @Test
  void rowLayoutOfAdam7MatchesTheSpecification() {
    // 8x8 RGB: passes are 1x1, 1x1, 2x1, 2x2, 4x2, 4x4, 8x4 pixels; each row has 1 filter byte + 3 bytes/px.
    long[] rows = PngDataCheck.rowLayout(new PngHeader(8, 8, 8, PngHeader.RGB, true));
    assertEquals(1 + 1 + 1 + 2 + 2 + 4 + 4 + 1, rows.length); // 15 rows and the total
    long total = (1 + 3) + (1 + 3) + (1 + 6) + 2 * (1 + 6) + 2 * (1 + 12) + 4 * (1 + 12) + 4 * (1 + 24);
    assertEquals(total, rows[rows.length - 1]);
    long[] plain = PngDataCheck.rowLayout(new PngHeader(3, 2, 1, PngHeader.GREY, false));
    assertEquals(List.of(0L, 2L, 4L), List.of(plain[0], plain[1], plain[2])); // 3 one-bit pixels fit one byte
  }

  @Test
  void invalidFilterTypeIsCorrupt() {
    byte[] raw = ImageFixtures.filteredRows(64, 64, new byte[64 * 64 * 3], 40, 7);
    DecodeOutcome.Rejected r = (DecodeOutcome.Rejected) decode(ImageFixtures.pngWithIdat(64, 64, 2,
        ImageFixtures.zlib(raw, true)), 64);
    assertEquals(RejectReason.CORRUPT, r.reason());
    assertTrue(r.message().contains("row 40 has filter type 7"), r.message());
  }

  @Test
  void wrongAdlerChecksumIsCorrupt() {
    byte[] z = ImageFixtures.zlib(ImageFixtures.filteredRows(64, 64, new byte[64 * 64 * 3], -1, 0), true);
    z[z.length - 1] ^= 1;
    DecodeOutcome.Rejected r = (DecodeOutcome.Rejected) decode(ImageFixtures.pngWithIdat(64, 64, 2, z), 64);
    assertEquals(RejectReason.CORRUPT, r.reason());
    assertTrue(r.message().contains("incorrect data check"), r.message());
  }

  @Test
  void unterminatedZlibStreamWithAllRowsIsAWarning() {
    byte[] z = ImageFixtures.zlib(ImageFixtures.filteredRows(64, 64, new byte[64 * 64 * 3], -1, 0), false);
    DecodeOutcome.Accepted a = (DecodeOutcome.Accepted) decode(ImageFixtures.pngWithIdat(64, 64, 2, z), 64);
    assertEquals(List.of("PNG zlib stream has no end marker after the last row"), a.warnings());
  }

  @Test
  void extraRowsAreAWarning() {
    byte[] raw = ImageFixtures.filteredRows(64, 65, new byte[64 * 65 * 3], -1, 0);
    DecodeOutcome.Accepted a = (DecodeOutcome.Accepted) decode(
        ImageFixtures.pngWithIdat(64, 64, 2, ImageFixtures.zlib(raw, true)), 64);
    assertEquals(List.of("PNG pixel data has 193 extra bytes after the last row"), a.warnings());
  }

  @Test
  void idatSplitIntoManyChunksIsFollowed() throws DecodeFailure {
    byte[] z = ImageFixtures.zlib(ImageFixtures.filteredRows(64, 64, ImageFixtures.randomBytes(64 * 64 * 3, 71), -1, 0), true);
    List<byte[]> parts = new ArrayList<>();
    parts.add(ImageFixtures.cut(ImageFixtures.pngWithIdat(64, 64, 2, new byte[0]), 33)); // signature + IHDR
    for (int i = 0; i < z.length; i += 1000) {
      parts.add(ImageFixtures.chunk("IDAT", Arrays.copyOfRange(z, i, Math.min(z.length, i + 1000))));
    }
    parts.add(ImageFixtures.chunk("IDAT", new byte[0])); // empty IDAT chunks are legal
    parts.add(ImageFixtures.chunk("IEND", new byte[0]));
    byte[] png = ImageFixtures.concat(parts.toArray(new byte[0][]));
    PngStructure structure = PngStructure.check(png, PngStructure.readHeader(png));
    assertTrue(structure.idatOffsets().length > 10);
    DecodeOutcome.Accepted a = (DecodeOutcome.Accepted) decode(png, 64);
    assertTrue(a.passthrough());
    assertTrue(a.warnings().isEmpty(), a.warnings()::toString);
  }
}
