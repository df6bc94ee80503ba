package dev.dgmspark.shard.image;

import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A full decode of a PNG's compressed pixel stream without building an image: inflates every IDAT byte,
 * checks the zlib Adler-32, the exact decompressed length and every row's filter type.
 *
 * <p>These are all the ways pixel data can fail to decode; what is skipped, undoing the row filters, is a
 * total function of valid input and cannot fail. It exists for the passthrough path, where the source bytes
 * are returned as they are, so an ImageIO decode would build a {@code BufferedImage} only to throw it away:
 * this check costs about half of that (see the benchmark in the tests).
 *
 * <p>Instances are not thread-safe; they reuse one {@link Inflater} and one buffer. Call {@link #close()}.
 */
final class PngDataCheck implements AutoCloseable {
  private static final int[][] ADAM7 = {
      // xStart, yStart, xStep, yStep
      {0, 0, 8, 8}, {4, 0, 8, 8}, {0, 4, 4, 8}, {2, 0, 4, 4}, {0, 2, 2, 4}, {1, 0, 2, 2}, {0, 1, 1, 2}};
  /** Inflated bytes tolerated after the last row before giving up on finding the zlib end. */
  private static final int MAX_EXTRA = 1 << 20;

  private final Inflater inflater = new Inflater();
  private final byte[] buffer = new byte[64 * 1024];

  /**
   * Checks the pixel stream of a PNG whose chunk structure {@code png} already passed.
   *
   * @param warnings receives non-fatal findings (extra data, a missing zlib end)
   */
  void check(byte[] b, PngStructure png, List<String> warnings) throws DecodeFailure {
    PngHeader h = png.header();
    long[] rows = rowLayout(h);
    long expected = rows[rows.length - 1];
    int[] offsets = png.idatOffsets();
    int[] lengths = png.idatLengths();
    inflater.reset();
    int segment = 0;
    long produced = 0;
    int rowIndex = 0; // index into rows: rows[i] is the offset of row i's filter byte
    try {
      while (produced < expected) {
        int want = (int) Math.min(buffer.length, expected - produced);
        int got = inflater.inflate(buffer, 0, want);
        if (got == 0) {
          if (!inflater.finished() && !inflater.needsDictionary() && inflater.needsInput()
              && segment < offsets.length) {
            inflater.setInput(b, offsets[segment], lengths[segment]);
            segment++;
            continue;
          }
          String why = inflater.finished() ? "the zlib stream ends early"
              : inflater.needsDictionary() ? "the zlib stream asks for a preset dictionary" : "IDAT data used up";
          throw new DecodeFailure(RejectReason.CORRUPT,
              "PNG pixel data ends after " + produced + " of " + expected + " bytes: " + why);
        }
        long end = produced + got;
        while (rowIndex < rows.length - 1 && rows[rowIndex] < end) {
          int filter = buffer[(int) (rows[rowIndex] - produced)] & 0xFF;
          if (filter > 4) {
            throw new DecodeFailure(RejectReason.CORRUPT,
                "PNG row " + rowIndex + " has filter type " + filter + "; PNG defines 0 to 4");
          }
          rowIndex++;
        }
        produced = end;
      }
      checkEnd(b, offsets, lengths, segment, warnings);
    } catch (DataFormatException e) {
      throw new DecodeFailure(RejectReason.CORRUPT,
          "PNG pixel data (zlib) is invalid after " + produced + " of " + expected + " bytes: " + e.getMessage());
    }
  }

  /** Reads on past the last row so that zlib verifies its Adler-32 and extra data is noticed. */
  private void checkEnd(byte[] b, int[] offsets, int[] lengths, int segment, List<String> warnings)
      throws DataFormatException {
    long extra = 0;
    while (!inflater.finished()) {
      int got = inflater.inflate(buffer, 0, buffer.length);
      extra += got;
      if (extra > MAX_EXTRA) {
        break;
      }
      if (got == 0) {
        if (!inflater.needsDictionary() && inflater.needsInput() && segment < offsets.length) {
          inflater.setInput(b, offsets[segment], lengths[segment]);
          segment++;
        } else {
          warnings.add("PNG zlib stream has no end marker after the last row");
          return;
        }
      }
    }
    if (extra > 0) {
      warnings.add("PNG pixel data has " + (extra > MAX_EXTRA ? "over " + MAX_EXTRA : extra)
          + " extra bytes after the last row");
    }
  }

  /**
   * Returns the offset of every row's filter byte in the decompressed stream, followed by the total length.
   */
  static long[] rowLayout(PngHeader h) {
    int[][] passes = h.interlaced() ? ADAM7 : new int[][] {{0, 0, 1, 1}};
    int count = 0;
    for (int[] p : passes) {
      int pw = passSize(h.width(), p[0], p[2]);
      int ph = passSize(h.height(), p[1], p[3]);
      if (pw > 0) {
        count += ph;
      }
    }
    long[] rows = new long[count + 1];
    long offset = 0;
    int i = 0;
    for (int[] p : passes) {
      int pw = passSize(h.width(), p[0], p[2]);
      int ph = passSize(h.height(), p[1], p[3]);
      if (pw == 0) {
        continue; // an empty pass has no rows and no filter bytes
      }
      long rowLength = 1 + ((long) pw * h.samplesPerPixel() * h.bitDepth() + 7) / 8;
      for (int r = 0; r < ph; r++) {
        rows[i++] = offset;
        offset += rowLength;
      }
    }
    rows[i] = offset;
    return rows;
  }

  private static int passSize(int full, int start, int step) {
    return full <= start ? 0 : (full - start + step - 1) / step;
  }

  @Override
  public void close() {
    inflater.end();
  }
}
