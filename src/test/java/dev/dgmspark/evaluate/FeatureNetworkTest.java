package dev.dgmspark.evaluate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The quarter turns of the rotation targets. */
class FeatureNetworkTest {
  @Test
  void aQuarterTurnMovesEveryPixelAndFourTurnsGiveTheImageBack() {
    // One 3x3 grey image with pixels 0..8 row by row.
    float[] pixels = {0, 1, 2, 3, 4, 5, 6, 7, 8};
    INDArray image = Nd4j.create(pixels, new long[] {1, 1, 3, 3}, 'c');
    float[] once = FeatureNetwork.rotated(image, new int[] {1}).data().asFloat();
    // out(y, x) = in(x, 2 - y): the first row of the output is the last column of the input read downwards.
    assertArrayEquals(new float[] {2, 5, 8, 1, 4, 7, 0, 3, 6}, once);
    assertArrayEquals(pixels, FeatureNetwork.rotated(image, new int[] {4}).data().asFloat());
    assertArrayEquals(pixels, FeatureNetwork.rotated(image, new int[] {0}).data().asFloat());
    float[] twice = FeatureNetwork.rotated(image, new int[] {2}).data().asFloat();
    assertArrayEquals(new float[] {8, 7, 6, 5, 4, 3, 2, 1, 0}, twice);
  }

  @Test
  void quarterTurnsAreSeededAndUseAllFour() {
    int[] turns = FeatureNetwork.quarterTurns(400, 9);
    assertArrayEquals(turns, FeatureNetwork.quarterTurns(400, 9));
    int[] counts = new int[4];
    for (int t : turns) {
      counts[t]++;
    }
    for (int c : counts) {
      assertEquals(100, c, 35);
    }
  }
}
