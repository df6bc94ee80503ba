package dev.dgmspark.shard.idx;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * A reader of one IDX file (the MNIST / Fashion-MNIST container: {@code *-images-idx3-ubyte},
 * {@code *-labels-idx1-ubyte}, optionally gzipped), item by item.
 *
 * <p>The format (LeCun et al.): two zero bytes, a type byte (0x08 = unsigned byte, the only type images and labels
 * use and the only one read here), the number of dimensions, then each dimension as a big-endian 32-bit integer, then
 * the items in row-major order. The first dimension counts the items; the others give one item's shape (rows, columns
 * for images; none for labels). Gzip is recognised by its magic bytes, not by the file name.
 *
 * <p>Streaming: only one item is held at a time, so a file of any length is read in constant memory.
 */
public final class IdxFile implements Closeable {
  /** The type byte of unsigned 8-bit data. */
  static final int UNSIGNED_BYTE = 0x08;

  private final String name;
  private final DataInputStream in;
  private final int[] dims;
  private final int itemBytes;
  private long read;

  private IdxFile(String name, DataInputStream in, int[] dims, int itemBytes) {
    this.name = name;
    this.in = in;
    this.dims = dims;
    this.itemBytes = itemBytes;
  }

  /**
   * Opens {@code raw} (plain or gzipped) and reads the header; {@code name} is used in messages. Closes {@code raw} if
   * the header is bad.
   *
   * @throws IdxFormatException if the header is not an unsigned-byte IDX header
   */
  public static IdxFile open(InputStream raw, String name) throws IOException {
    try {
      BufferedInputStream buffered = new BufferedInputStream(raw, 1 << 16);
      buffered.mark(2);
      int b0 = buffered.read();
      int b1 = buffered.read();
      buffered.reset();
      InputStream source = b0 == 0x1f && b1 == 0x8b ? new BufferedInputStream(new GZIPInputStream(buffered, 1 << 16))
          : buffered;
      DataInputStream in = new DataInputStream(source);
      byte[] magic = new byte[4];
      try {
        in.readFully(magic);
      } catch (EOFException e) {
        throw new IdxFormatException(name + " is too short for an IDX header");
      }
      if (magic[0] != 0 || magic[1] != 0) {
        throw new IdxFormatException(String.format("%s is not an IDX file: it starts with %02x %02x, expected 00 00",
            name, magic[0] & 0xff, magic[1] & 0xff));
      }
      if ((magic[2] & 0xff) != UNSIGNED_BYTE) {
        throw new IdxFormatException(String.format(
            "%s holds IDX data of type 0x%02x; only unsigned bytes (0x08) are read", name, magic[2] & 0xff));
      }
      int rank = magic[3] & 0xff;
      if (rank < 1) {
        throw new IdxFormatException(name + " declares 0 dimensions; an IDX file has at least one");
      }
      int[] dims = new int[rank];
      long itemBytes = 1;
      for (int i = 0; i < rank; i++) {
        try {
          dims[i] = in.readInt();
        } catch (EOFException e) {
          throw new IdxFormatException(name + " ends inside its header");
        }
        if (dims[i] < 0 || (i > 0 && dims[i] == 0)) {
          throw new IdxFormatException(name + " declares dimension " + i + " of size " + dims[i]);
        }
        if (i > 0) {
          itemBytes *= dims[i];
        }
      }
      if (itemBytes > Integer.MAX_VALUE / 2) {
        throw new IdxFormatException(name + " declares items of " + itemBytes + " bytes; too large");
      }
      return new IdxFile(name, in, dims, (int) itemBytes);
    } catch (IOException | RuntimeException e) {
      raw.close();
      throw e;
    }
  }

  /** The declared dimensions: the item count first, then one item's shape. */
  public int[] dims() {
    return dims.clone();
  }

  /** The number of items the header declares. */
  public int count() {
    return dims[0];
  }

  /** The bytes in one item (the product of the dimensions after the first; 1 for labels). */
  public int itemBytes() {
    return itemBytes;
  }

  /** The items read so far. */
  public long itemsRead() {
    return read;
  }

  /**
   * Reads the next item into {@code into} (at least {@link #itemBytes()} long).
   *
   * @throws IdxFormatException if the file ends before the declared count of items
   * @throws java.util.NoSuchElementException if every declared item has been read
   */
  public void readItem(byte[] into) throws IOException {
    if (read >= dims[0]) {
      throw new java.util.NoSuchElementException(name + " has no item after " + read);
    }
    try {
      in.readFully(into, 0, itemBytes);
    } catch (EOFException e) {
      throw new IdxFormatException(String.format("%s is truncated: its header declares %d items of %s, it ends in "
          + "item %d", name, dims[0], Arrays.toString(Arrays.copyOfRange(dims, 1, dims.length)), read));
    }
    read++;
  }

  /** Whether bytes follow the last declared item (a sign of a wrong header). */
  public boolean hasTrailingBytes() throws IOException {
    return in.read() >= 0;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
