package dev.dgmspark.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Block-wise array streams: exact values across block boundaries, lengths, and truncated or corrupt input. */
class BulkArraysTest {
  private static DataInputStream input(byte[] bytes) {
    return new DataInputStream(new ByteArrayInputStream(bytes));
  }

  @Test
  void floatsAndDoublesComeBackExactlyAtEveryLengthAroundABlock() throws IOException {
    Random random = new Random(5);
    for (int length : new int[] {0, 1, 16_383, 16_384, 16_385, 40_000}) {
      float[] floats = new float[length];
      double[] doubles = new double[length];
      for (int i = 0; i < length; i++) {
        floats[i] = (float) random.nextGaussian();
        doubles[i] = random.nextGaussian();
      }
      if (length > 2) {
        floats[length - 1] = Float.NaN;
        doubles[length - 2] = Double.NEGATIVE_INFINITY;
      }
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (DataOutputStream out = new DataOutputStream(bytes)) {
        BulkArrays.writeFloats(out, floats);
        BulkArrays.writeDoubles(out, doubles);
        out.writeInt(42); // what follows the arrays is read as written
      }
      assertEquals(4 + 4L * length + 4 + 8L * length + 4, bytes.size(), "bytes for " + length + " values");
      DataInputStream in = input(bytes.toByteArray());
      assertArrayEquals(floats, BulkArrays.readFloats(in), "floats, length " + length);
      assertArrayEquals(doubles, BulkArrays.readDoubles(in), "doubles, length " + length);
      assertEquals(42, in.readInt());
    }
  }

  @Test
  void truncatedAndCorruptStreamsFail() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      BulkArrays.writeFloats(out, new float[100]);
    }
    byte[] truncated = java.util.Arrays.copyOf(bytes.toByteArray(), 200);
    assertThrows(EOFException.class, () -> BulkArrays.readFloats(input(truncated)));
    byte[] negative = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xfe};
    IOException e = assertThrows(IOException.class, () -> BulkArrays.readDoubles(input(negative)));
    assertEquals("corrupt array: negative length -2", e.getMessage());
  }
}
