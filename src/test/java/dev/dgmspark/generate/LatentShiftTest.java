package dev.dgmspark.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dgmspark.common.UsageException;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The attribute vector and the move along it, on hand-made latents. */
class LatentShiftTest {
  @Test
  void theVectorIsTheDifferenceOfTheGroupMeansAndTheMoveAddsItScaledToEveryRow() {
    // Two images with the value at (2, 0) and (4, 2), three without at (0, 0), (1, 1), (2, -1): means (3, 1), (1, 0).
    double[] with = {3, 1};
    double[] without = {1, 0};
    LatentShift shift = LatentShift.between(new ShiftRequest("glasses", "yes", 1.5), with, without, 2, 3);
    assertArrayEquals(new double[] {2, 1}, shift.vector(), 1e-12);
    assertEquals(Math.sqrt(5), shift.norm(), 1e-12);

    INDArray mu = Nd4j.createFromArray(new float[][] {{0, 0}, {1, -1}});
    INDArray moved = shift.apply(mu);
    assertArrayEquals(new float[] {3f, 1.5f}, moved.getRow(0).toFloatVector(), 1e-6f);
    assertArrayEquals(new float[] {4f, 0.5f}, moved.getRow(1).toFloatVector(), 1e-6f);
    assertArrayEquals(new float[] {0, 0}, mu.getRow(0).toFloatVector(), "the latents given are not changed");
  }

  @Test
  void aNegativeScaleMovesAwayFromTheValue() {
    LatentShift shift = LatentShift.between(new ShiftRequest("smile", "yes", -1), new double[] {1},
        new double[] {0}, 5, 5);
    assertEquals(-1f, shift.apply(Nd4j.createFromArray(new float[][] {{0}})).getFloat(0, 0), 1e-6f);
  }

  @Test
  void aGroupWithoutImagesIsAUsageErrorNamingShift() {
    UsageException e = assertThrows(UsageException.class, () -> LatentShift.between(
        new ShiftRequest("glasses", "maybe", 1), new double[] {0}, new double[] {1}, 0, 12));
    assertTrue(e.getMessage().startsWith("--shift glasses=maybe"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> LatentShift.between(new ShiftRequest("a", "b", 1),
        new double[] {0, 1}, new double[] {1}, 1, 1));
    LatentShift shift = LatentShift.between(new ShiftRequest("a", "b", 1), new double[] {0, 1},
        new double[] {1, 1}, 1, 1);
    assertThrows(IllegalArgumentException.class, () -> shift.apply(Nd4j.zeros(1, 3)));
  }

  @Test
  void requestsParseWithAndWithoutAScale() {
    assertEquals(new ShiftRequest("glasses", "yes", 1.0), ShiftRequest.parse("glasses=yes"));
    assertEquals(new ShiftRequest("hair", "grey", 2.5), ShiftRequest.parse("hair=grey:2.5"));
    assertEquals(new ShiftRequest("smile", "yes", -1), ShiftRequest.parse("smile=yes:-1"));
    for (String bad : new String[] {"glasses", "=yes", "glasses=", "glasses=yes:lots", "glasses=:2",
        "glasses=yes:1000"}) {
      UsageException e = assertThrows(UsageException.class, () -> ShiftRequest.parse(bad), bad);
      assertTrue(e.getMessage().startsWith("--shift '" + bad + "'"), e.getMessage());
    }
  }
}
