package dev.dgmspark.shard.image;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * The chunk structure of a PNG file, checked chunk by chunk: signature, IHDR first, lengths within the data,
 * CRC-32 of every chunk, IDAT chunks consecutive, IEND present.
 *
 * <p>The JDK's PNG reader skips CRCs and stops at the last row it needs, so damage in the data it does not
 * look at would otherwise pass; this check is what makes a passthrough of the source bytes safe. CRC-32 runs
 * at several GB/s ({@link CRC32} is an intrinsic), so checking every chunk costs little next to inflating.
 */
final class PngStructure {
  private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  private static final int IHDR = chunkType("IHDR");
  private static final int PLTE = chunkType("PLTE");
  private static final int IDAT = chunkType("IDAT");
  private static final int IEND = chunkType("IEND");
  private static final int TRNS = chunkType("tRNS");
  private static final int CGBI = chunkType("CgBI");
  /**
   * Ancillary chunks that change no pixel as the JDK's reader and common ML loaders decode them; a file with
   * any other chunk (iCCP, tRNS, APNG's acTL, ...) is re-encoded rather than passed through.
   */
  private static final Set<Integer> PASSTHROUGH_SAFE = Set.of(
      chunkType("tEXt"), chunkType("zTXt"), chunkType("iTXt"), chunkType("tIME"), chunkType("pHYs"),
      chunkType("gAMA"), chunkType("cHRM"), chunkType("sRGB"), chunkType("sBIT"), chunkType("bKGD"),
      chunkType("hIST"), chunkType("sPLT"));

  private final PngHeader header;
  private final boolean hasTrns;
  private final boolean passthroughSafe;
  private final int[] idatOffsets;
  private final int[] idatLengths;
  private final List<String> warnings;

  private PngStructure(PngHeader header, boolean hasTrns, boolean passthroughSafe, int[] idatOffsets,
      int[] idatLengths, List<String> warnings) {
    this.header = header;
    this.hasTrns = hasTrns;
    this.passthroughSafe = passthroughSafe;
    this.idatOffsets = idatOffsets;
    this.idatLengths = idatLengths;
    this.warnings = warnings;
  }

  PngHeader header() {
    return header;
  }

  /** Returns whether a tRNS chunk adds transparency. */
  boolean hasTrns() {
    return hasTrns;
  }

  /** Returns whether every chunk is critical or in the passthrough-safe set and there is no tRNS. */
  boolean passthroughSafe() {
    return passthroughSafe;
  }

  /** Returns the offsets of the IDAT chunks' data, in file order. */
  int[] idatOffsets() {
    return idatOffsets;
  }

  /** Returns the lengths of the IDAT chunks' data, in file order. */
  int[] idatLengths() {
    return idatLengths;
  }

  /** Returns non-fatal findings, such as bytes after IEND. */
  List<String> warnings() {
    return warnings;
  }

  /**
   * Reads the signature and IHDR only, checking the IHDR CRC, so that the pixel limit can be applied before
   * anything else is looked at.
   */
  static PngHeader readHeader(byte[] b) throws DecodeFailure {
    if (b.length < SIGNATURE.length) {
      throw new DecodeFailure(RejectReason.TRUNCATED,
          "PNG data ends inside the 8-byte signature after " + b.length + " bytes");
    }
    for (int i = 0; i < SIGNATURE.length; i++) {
      if (b[i] != SIGNATURE[i]) {
        throw new DecodeFailure(RejectReason.CORRUPT, "PNG signature damaged at byte " + i + " ("
            + hex(b, 0, SIGNATURE.length) + "); a text-mode transfer that rewrites line ends does this");
      }
    }
    int pos = SIGNATURE.length;
    if (b.length < pos + 8) {
      throw new DecodeFailure(RejectReason.TRUNCATED, "PNG data ends at byte " + b.length + ", inside the IHDR header");
    }
    int len = readInt(b, pos);
    int type = readInt(b, pos + 4);
    if (type != IHDR) {
      String name = typeName(type);
      throw new DecodeFailure(type == CGBI ? RejectReason.UNDECODABLE : RejectReason.CORRUPT,
          type == CGBI ? "Apple CgBI PNG (iOS-optimised, not standard PNG)"
              : "first PNG chunk is '" + name + "', expected IHDR");
    }
    if (len != 13) {
      throw new DecodeFailure(RejectReason.CORRUPT, "IHDR chunk length is " + len + ", expected 13");
    }
    if (b.length < pos + 12 + len) {
      throw new DecodeFailure(RejectReason.TRUNCATED, "PNG data ends at byte " + b.length + ", inside the IHDR chunk");
    }
    checkCrc(b, pos, len, type);
    int d = pos + 8;
    int width = readInt(b, d);
    int height = readInt(b, d + 4);
    int bitDepth = b[d + 8] & 0xFF;
    int colourType = b[d + 9] & 0xFF;
    int compression = b[d + 10] & 0xFF;
    int filter = b[d + 11] & 0xFF;
    int interlace = b[d + 12] & 0xFF;
    if (width <= 0 || height <= 0) {
      throw new DecodeFailure(RejectReason.CORRUPT,
          "IHDR declares " + Integer.toUnsignedString(width) + "x" + Integer.toUnsignedString(height)
              + "; both sides must be in [1, 2^31-1]");
    }
    PngHeader header = new PngHeader(width, height, bitDepth, colourType, interlace == 1);
    if (!header.validDepthForType()) {
      throw new DecodeFailure(RejectReason.CORRUPT,
          "IHDR declares bit depth " + bitDepth + " with colour type " + colourType + ", which PNG does not allow");
    }
    if (compression != 0 || filter != 0 || interlace > 1) {
      throw new DecodeFailure(RejectReason.CORRUPT, "IHDR declares compression " + compression + ", filter "
          + filter + ", interlace " + interlace + "; PNG defines only 0, 0 and 0 or 1");
    }
    return header;
  }

  /** Walks every chunk after IHDR (whose header {@link #readHeader} already returned). */
  static PngStructure check(byte[] b, PngHeader header) throws DecodeFailure {
    int n = b.length;
    int pos = SIGNATURE.length + 12 + 13;
    boolean seenPlte = false;
    boolean hasTrns = false;
    boolean safe = true;
    int idatRun = 0; // 0: none yet, 1: inside the run, 2: run ended
    int[] offsets = new int[4];
    int[] lengths = new int[4];
    int idatCount = 0;
    String previous = "IHDR";
    while (true) {
      if (pos == n) {
        throw new DecodeFailure(RejectReason.TRUNCATED,
            "PNG data ends at byte " + n + " after chunk " + previous + ", before IEND");
      }
      if (pos + 8 > n) {
        throw new DecodeFailure(RejectReason.TRUNCATED,
            "PNG data ends at byte " + n + ", inside the header of the chunk after " + previous);
      }
      int len = readInt(b, pos);
      int type = readInt(b, pos + 4);
      String name = typeName(type);
      if (!isLetters(type)) {
        throw new DecodeFailure(RejectReason.CORRUPT,
            "chunk at offset " + pos + " has type bytes " + hex(b, pos + 4, 4) + ", which are not letters");
      }
      if (len < 0) {
        throw new DecodeFailure(RejectReason.CORRUPT, "chunk " + name + " at offset " + pos
            + " declares length " + Integer.toUnsignedString(len) + ", over PNG's 2^31-1");
      }
      if ((long) pos + 12 + len > n) {
        // A length that runs past the end means a cut file, unless the file still ends with a proper IEND,
        // in which case the length itself is damaged.
        RejectReason reason = endsWithIend(b) ? RejectReason.CORRUPT : RejectReason.TRUNCATED;
        throw new DecodeFailure(reason, "chunk " + name + " at offset " + pos + " needs " + (12L + len)
            + " bytes (" + len + " of data) but only " + (n - pos) + " remain"
            + (reason == RejectReason.CORRUPT ? ", although the file ends with IEND: its length is damaged" : ""));
      }
      checkCrc(b, pos, len, type);
      if (type == IEND) {
        if (len != 0) {
          throw new DecodeFailure(RejectReason.CORRUPT, "IEND chunk has length " + len + ", expected 0");
        }
        pos += 12;
        break;
      }
      if (type == IHDR) {
        throw new DecodeFailure(RejectReason.CORRUPT, "second IHDR chunk at offset " + pos);
      } else if (type == IDAT) {
        if (idatRun == 2) {
          throw new DecodeFailure(RejectReason.CORRUPT,
              "IDAT chunk at offset " + pos + " after a " + previous + " chunk; IDAT chunks must be consecutive");
        }
        idatRun = 1;
        if (idatCount == offsets.length) {
          offsets = Arrays.copyOf(offsets, idatCount * 2);
          lengths = Arrays.copyOf(lengths, idatCount * 2);
        }
        offsets[idatCount] = pos + 8;
        lengths[idatCount] = len;
        idatCount++;
      } else {
        if (idatRun == 1) {
          idatRun = 2;
        }
        if (type == PLTE) {
          if (idatRun != 0 || seenPlte) {
            throw new DecodeFailure(RejectReason.CORRUPT,
                "PLTE chunk at offset " + pos + " after IDAT or after another PLTE");
          }
          if (len == 0 || len % 3 != 0 || len > 768) {
            throw new DecodeFailure(RejectReason.CORRUPT, "PLTE chunk length " + len
                + " is not a multiple of 3 in [3, 768]");
          }
          seenPlte = true;
        } else if (type == TRNS) {
          hasTrns = true;
          safe = false;
        } else if (isCritical(type)) {
          throw new DecodeFailure(RejectReason.UNDECODABLE,
              "unknown critical PNG chunk '" + name + "' at offset " + pos + "; PNG decoders must not ignore it");
        } else if (!PASSTHROUGH_SAFE.contains(type)) {
          safe = false;
        }
      }
      previous = name;
      pos += 12 + len;
    }
    if (idatCount == 0) {
      throw new DecodeFailure(RejectReason.CORRUPT, "PNG has no IDAT chunk");
    }
    if (header.colourType() == PngHeader.PALETTE && !seenPlte) {
      throw new DecodeFailure(RejectReason.CORRUPT, "palette PNG (colour type 3) has no PLTE chunk");
    }
    List<String> warnings = new ArrayList<>(0);
    if (pos < n) {
      warnings.add((n - pos) + " bytes after IEND ignored");
    }
    return new PngStructure(header, hasTrns, safe, Arrays.copyOf(offsets, idatCount),
        Arrays.copyOf(lengths, idatCount), warnings);
  }

  private static void checkCrc(byte[] b, int pos, int len, int type) throws DecodeFailure {
    CRC32 crc = new CRC32();
    crc.update(b, pos + 4, len + 4);
    int stored = readInt(b, pos + 8 + len);
    int computed = (int) crc.getValue();
    if (stored != computed) {
      throw new DecodeFailure(RejectReason.CORRUPT, String.format(
          "chunk %s at offset %d (%d data bytes): stored CRC 0x%08x, computed 0x%08x",
          typeName(type), pos, len, stored, computed));
    }
  }

  private static boolean endsWithIend(byte[] b) {
    int n = b.length;
    return n >= 12 && readInt(b, n - 12) == 0 && readInt(b, n - 8) == IEND && readInt(b, n - 4) == 0xAE426082;
  }

  private static boolean isLetters(int type) {
    for (int shift = 24; shift >= 0; shift -= 8) {
      int c = (type >>> shift) & 0xFF;
      if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isCritical(int type) {
    return ((type >>> 24) & 0x20) == 0; // upper-case first letter
  }

  static int readInt(byte[] b, int pos) {
    return (b[pos] & 0xFF) << 24 | (b[pos + 1] & 0xFF) << 16 | (b[pos + 2] & 0xFF) << 8 | (b[pos + 3] & 0xFF);
  }

  private static int chunkType(String s) {
    return s.charAt(0) << 24 | s.charAt(1) << 16 | s.charAt(2) << 8 | s.charAt(3);
  }

  private static String typeName(int type) {
    StringBuilder sb = new StringBuilder(4);
    for (int shift = 24; shift >= 0; shift -= 8) {
      int c = (type >>> shift) & 0xFF;
      sb.append(c >= 0x20 && c < 0x7F ? (char) c : '?');
    }
    return sb.toString();
  }

  static String hex(byte[] b, int offset, int len) {
    StringBuilder sb = new StringBuilder();
    for (int i = offset; i < Math.min(b.length, offset + len); i++) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(String.format("%02X", b[i] & 0xFF));
    }
    return sb.toString();
  }
}
