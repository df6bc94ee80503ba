package dev.dgmspark.shard.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Tests the area-averaging and bilinear resizing. */
class ImageResizerTest {

  private static ByteImage constant(int side, int channels, int value) {
    byte[] data = new byte[side * side * channels];
    Arrays.fill(data, (byte) value);
    return new ByteImage(side, side, channels, data);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 7, 37, 63, 65, 128, 200, 255})
  void constantImageStaysExactlyConstant(int side) {
    for (int channels : new int[] {1, 3}) {
      ByteImage out = ImageResizer.resize(constant(side, channels, 201), 64);
      assertEquals(64, out.width());
      assertEquals(channels, out.channels());
      for (byte b : out.data()) {
        assertEquals(201, b & 0xFF, "side " + side);
      }
    }
  }

  @Test
  void sameSizeIsReturnedAsIs() {
    ByteImage p = constant(64, 3, 5);
    assertSame(p, ImageResizer.resize(p, 64));
  }

  @Test
  void halvingAveragesEachTwoByTwoBlock() {
    int side = 128;
    byte[] data = new byte[side * side];
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        data[y * side + x] = (byte) (((x + y) & 1) == 0 ? 0 : 255);
      }
    }
    ByteImage out = ImageResizer.resize(new ByteImage(side, side, 1, data), 64);
    for (byte b : out.data()) {
      assertEquals(128, b & 0xFF); // 127.5 rounds up
    }
  }

  @Test
  void nonIntegerFactorWeighsPartialPixels() {
    // 3 -> 2: output 0 covers source [0, 1.5): 1 * s0 + 0.5 * s1, divided by 1.5.
    byte[] row = {0, (byte) 150, (byte) 255};
    byte[] data = new byte[9];
    for (int y = 0; y < 3; y++) {
      System.arraycopy(row, 0, data, y * 3, 3);
    }
    ByteImage out = ImageResizer.resize(new ByteImage(3, 3, 1, data), 2);
    assertEquals(50, out.sample(0, 0, 0));
    assertEquals(Math.round((0.5 * 150 + 255) / 1.5), out.sample(1, 1, 0));
  }

  @Test
  void bilinearUpscalingAlignsPixelCentres() {
    byte[] data = {0, (byte) 255, 0, (byte) 255};
    ByteImage out = ImageResizer.resize(new ByteImage(2, 2, 1, data), 4);
    int[] firstRow = new int[4];
    for (int x = 0; x < 4; x++) {
      firstRow[x] = out.sample(x, 0, 0);
    }
    assertArrayEquals(new int[] {0, 64, 191, 255}, firstRow);
  }

  @Test
  void colourChannelsStaySeparate() {
    byte[] data = new byte[100 * 100 * 3];
    for (int i = 0; i < data.length; i += 3) {
      data[i] = (byte) 255; // pure red
    }
    ByteImage out = ImageResizer.resize(new ByteImage(100, 100, 3, data), 64);
    assertEquals(255, out.sample(10, 10, 0));
    assertEquals(0, out.sample(10, 10, 1));
    assertEquals(0, out.sample(10, 10, 2));
  }
}
