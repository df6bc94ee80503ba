package dev.dgmspark.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The sinusoidal time embedding. */
class TimeEmbeddingTest {
  @Test
  void sinesThenCosinesOfGeometricFrequencies() {
    INDArray e = TimeEmbedding.of(new int[] {0, 7}, 8);
    assertArrayEquals(new long[] {2, 8}, e.shape());
    for (int i = 0; i < 4; i++) {
      assertEquals(0, e.getDouble(0, i), 1e-7);
      assertEquals(1, e.getDouble(0, 4 + i), 1e-7);
    }
    // ω_0 = 1, ω_3 = 1 / 10000: t = 7 gives sin(7), cos(7) and sin(7e-4).
    assertEquals(Math.sin(7), e.getDouble(1, 0), 1e-6);
    assertEquals(Math.cos(7), e.getDouble(1, 4), 1e-6);
    assertEquals(Math.sin(7 * Math.pow(10_000, -1.0 / 3)), e.getDouble(1, 1), 1e-6);
    assertEquals(Math.sin(7e-4), e.getDouble(1, 3), 1e-7);
  }

  @Test
  void nearbyTimestepsAreCloserThanDistantOnes() {
    INDArray e = TimeEmbedding.of(new int[] {500, 501, 900}, 64);
    double near = e.getRow(0).distance2(e.getRow(1));
    double far = e.getRow(0).distance2(e.getRow(2));
    assertTrue(near < far / 3, near + " vs " + far);
  }

  @Test
  void repeatedIsTheSameRowNTimes() {
    INDArray e = TimeEmbedding.repeated(42, 3, 16);
    INDArray one = TimeEmbedding.of(new int[] {42}, 16);
    for (int i = 0; i < 3; i++) {
      assertEquals(0, e.getRow(i).distance2(one.getRow(0)), 1e-7);
    }
  }

  @Test
  void refusesAnOddOrTinySize() {
    assertThrows(IllegalArgumentException.class, () -> TimeEmbedding.of(new int[] {1}, 7));
    assertThrows(IllegalArgumentException.class, () -> TimeEmbedding.of(new int[] {1}, 2));
  }
}
