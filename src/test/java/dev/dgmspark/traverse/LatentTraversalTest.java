package dev.dgmspark.traverse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link LatentTraversal} with hand-made decoders: the sweep values, which coordinates change, the change score, the
 * row order (a dimension the decoder ignores changes nothing and goes last) and the grid's shape and cells.
 */
class LatentTraversalTest {
  private static final int SIZE = 4;

  /**
   * A grey 4x4 decoder: every pixel is sigmoid(2 z1), except pixel (0, 0), which is sigmoid(0.5 z3); z0 and z2 are
   * ignored. Records every latent row it decodes.
   */
  private static final class HandMade implements LatentDecoder {
    final List<float[]> seen = new ArrayList<>();

    @Override
    public INDArray decode(INDArray z) {
      int n = (int) z.size(0);
      INDArray images = Nd4j.create(DataType.FLOAT, n, 1, SIZE, SIZE);
      for (int i = 0; i < n; i++) {
        float[] row = z.getRow(i).toFloatVector();
        seen.add(row);
        images.get(org.nd4j.linalg.indexing.NDArrayIndex.point(i)).assign(sigmoid(2 * row[1]));
        images.putScalar(new long[] {i, 0, 0, 0}, sigmoid(0.5 * row[3]));
      }
      return images;
    }
  }

  private static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  @Test
  void valuesAreEvenlySpacedFromMinusToPlusRange() {
    assertArrayEquals(new double[] {-3, -1.5, 0, 1.5, 3}, LatentTraversal.values(5, 3), 1e-12);
    assertArrayEquals(new double[] {-0.5, 0.5}, LatentTraversal.values(2, 0.5), 1e-12);
  }

  @Test
  void onlyTheSweptCoordinateMovesAndTheOthersStayAtTheBase() {
    HandMade decoder = new HandMade();
    float[] base = {0.25f, -0.5f, 1.5f, 2f};
    LatentTraversal.run(decoder, base, new int[] {2}, 3, 2.0);
    assertEquals(3, decoder.seen.size());
    double[] expected = {-2, 0, 2};
    for (int s = 0; s < 3; s++) {
      float[] z = decoder.seen.get(s);
      assertArrayEquals(new float[] {0.25f, -0.5f, (float) expected[s], 2f}, z, 1e-6f, "step " + s);
    }
  }

  @Test
  void dimensionsAreOrderedByHowMuchTheyChangeThePicture() {
    HandMade decoder = new HandMade();
    int steps = 7;
    double range = 3;
    LatentTraversal.Result result = LatentTraversal.run(decoder, new float[4], new int[] {0, 1, 2, 3}, steps, range);
    assertEquals(List.of(1, 3, 0, 2), result.order(), "z1 moves every pixel, z3 one pixel, z0 and z2 none");

    // Monotone sweeps: the path length is the end-to-end change, averaged over the 16 pixels.
    double z1 = 15.0 / 16 * (sigmoid(2 * range) - sigmoid(-2 * range)) + 1.0 / 16 * 0;
    double z3 = 1.0 / 16 * (sigmoid(0.5 * range) - sigmoid(-0.5 * range));
    assertEquals(z1, result.sweeps().get(0).change(), 1e-6);
    assertEquals(z3, result.sweeps().get(1).change(), 1e-6);
    assertEquals(0.0, result.sweeps().get(2).change(), "an ignored dimension changes nothing");
    assertEquals(0.0, result.sweeps().get(3).change());
    assertEquals(steps, result.values().length);
    for (LatentTraversal.Sweep sweep : result.sweeps()) {
      assertArrayEquals(new long[] {steps, 1, SIZE, SIZE}, sweep.images().shape());
    }
  }

  @Test
  void aChangeThatGoesAndComesBackStillCounts() {
    // Pixel = |z0| / 3: from 1 down to 0 and back up to 1; the path length is 2, the end-to-end change 0.
    LatentDecoder vee = z -> {
      INDArray images = Nd4j.create(DataType.FLOAT, z.size(0), 1, 2, 2);
      for (int i = 0; i < z.size(0); i++) {
        images.get(org.nd4j.linalg.indexing.NDArrayIndex.point(i)).assign(Math.abs(z.getDouble(i, 0)) / 3);
      }
      return images;
    };
    LatentTraversal.Result result = LatentTraversal.run(vee, new float[1], new int[] {0}, 5, 3);
    assertEquals(2.0, result.sweeps().get(0).change(), 1e-6);
  }

  @Test
  void theGridHasARowPerDimensionInOrderAndAColumnPerStep() {
    HandMade decoder = new HandMade();
    LatentTraversal.Result result = LatentTraversal.run(decoder, new float[4], new int[] {3, 1}, 5, 3);
    BufferedImage grid = result.grid(2);
    int cell = 2 * SIZE + 2;
    assertEquals(2 + 5 * cell, grid.getWidth());
    assertEquals(2 + 2 * cell, grid.getHeight());
    // Row 0 is z1 (the larger change): its first picture is sigmoid(-6), nearly black; its last nearly white.
    int dark = grid.getRGB(2 + 4, 2 + 4) & 0xff;
    int light = grid.getRGB(2 + 4 * cell + 4, 2 + 4) & 0xff;
    assertEquals(Math.round(255 * sigmoid(-6)), dark, 1);
    assertEquals(Math.round(255 * sigmoid(6)), light, 1);
    // Row 1 is z3, with z1 = 0: mid grey everywhere but pixel (0, 0).
    assertEquals(128, grid.getRGB(2 + 4, 2 + cell + 4) & 0xff, 1);
  }

  @Test
  void badArgumentsAreRefused() {
    HandMade decoder = new HandMade();
    IllegalArgumentException steps = assertThrows(IllegalArgumentException.class,
        () -> LatentTraversal.run(decoder, new float[4], new int[] {0}, 1, 3));
    assertTrue(steps.getMessage().contains("at least 2"), steps.getMessage());
    IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
        () -> LatentTraversal.run(decoder, new float[4], new int[] {0}, 3, 0));
    assertTrue(range.getMessage().contains("positive"), range.getMessage());
    IllegalArgumentException dim = assertThrows(IllegalArgumentException.class,
        () -> LatentTraversal.run(decoder, new float[4], new int[] {4}, 3, 3));
    assertTrue(dim.getMessage().contains("0 to 3"), dim.getMessage());
    IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
        () -> LatentTraversal.run(decoder, new float[4], new int[] {1, 1}, 3, 3));
    assertTrue(twice.getMessage().contains("twice"), twice.getMessage());
  }
}
