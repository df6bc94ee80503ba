package dev.dgmspark.io;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Writes and reads large float and double arrays through {@link DataOutput}/{@link DataInput} in blocks of bytes:
 * what shipping a model's training state (millions of values, every averaging round) costs.
 *
 * <p>{@code ObjectOutputStream.writeFloats} and Kryo's {@code Output.writeFloats} both convert value by value; a
 * {@link java.nio.FloatBuffer} view converts a block at once, and only one block-sized buffer is allocated, not a
 * copy of the whole array. The length travels first, so a reader needs nothing else.
 */
public final class BulkArrays {
  /** Values converted per block: 64 KB of floats, small enough to stay in the cache, large enough to stream. */
  private static final int BLOCK = 16_384;

  private BulkArrays() {}

  /** Writes {@code values}' length and values. */
  public static void writeFloats(DataOutput out, float[] values) throws IOException {
    out.writeInt(values.length);
    ByteBuffer block = ByteBuffer.allocate(Math.min(values.length, BLOCK) * Float.BYTES);
    for (int from = 0; from < values.length; from += BLOCK) {
      int n = Math.min(BLOCK, values.length - from);
      block.clear();
      block.asFloatBuffer().put(values, from, n);
      out.write(block.array(), 0, n * Float.BYTES);
    }
  }

  /** Reads an array {@link #writeFloats} wrote. */
  public static float[] readFloats(DataInput in) throws IOException {
    float[] values = new float[length(in)];
    byte[] block = new byte[Math.min(values.length, BLOCK) * Float.BYTES];
    for (int from = 0; from < values.length; from += BLOCK) {
      int n = Math.min(BLOCK, values.length - from);
      in.readFully(block, 0, n * Float.BYTES);
      ByteBuffer.wrap(block, 0, n * Float.BYTES).asFloatBuffer().get(values, from, n);
    }
    return values;
  }

  /** Writes {@code values}' length and values. */
  public static void writeDoubles(DataOutput out, double[] values) throws IOException {
    out.writeInt(values.length);
    ByteBuffer block = ByteBuffer.allocate(Math.min(values.length, BLOCK) * Double.BYTES);
    for (int from = 0; from < values.length; from += BLOCK) {
      int n = Math.min(BLOCK, values.length - from);
      block.clear();
      block.asDoubleBuffer().put(values, from, n);
      out.write(block.array(), 0, n * Double.BYTES);
    }
  }

  /** Reads an array {@link #writeDoubles} wrote. */
  public static double[] readDoubles(DataInput in) throws IOException {
    double[] values = new double[length(in)];
    byte[] block = new byte[Math.min(values.length, BLOCK) * Double.BYTES];
    for (int from = 0; from < values.length; from += BLOCK) {
      int n = Math.min(BLOCK, values.length - from);
      in.readFully(block, 0, n * Double.BYTES);
      ByteBuffer.wrap(block, 0, n * Double.BYTES).asDoubleBuffer().get(values, from, n);
    }
    return values;
  }

  private static int length(DataInput in) throws IOException {
    int length = in.readInt();
    if (length < 0) {
      throw new IOException("corrupt array: negative length " + length);
    }
    return length;
  }
}
