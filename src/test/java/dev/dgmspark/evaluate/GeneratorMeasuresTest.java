package dev.dgmspark.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dgmspark.quality.FrechetDistance;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Fréchet distance and manifold precision and recall on hand-made feature sets, where the right answer follows from
 * how the sets are made.
 */
class GeneratorMeasuresTest {
  private static final int DIMS = 8;

  /**
   * {@code n} points of a mixture of well-separated clusters (centre of mode m: 100 on coordinate m), cluster
   * {@code modes[i mod modes.length]}; each cluster is a unit Gaussian in the last two coordinates, so that a few
   * hundred points fill it and k-NN balls cover nearly all of it.
   */
  private static double[][] clusters(int n, int[] modes, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[][] rows = new double[n][DIMS];
    for (int i = 0; i < n; i++) {
      int mode = modes[i % modes.length];
      for (int j = 0; j < DIMS; j++) {
        rows[i][j] = (j == mode ? 100.0 : 0.0) + (j >= DIMS - 2 ? random.nextGaussian() : 0.0);
      }
    }
    return rows;
  }

  private static final int[] FOUR_MODES = {0, 1, 2, 3};
  private static final int[] TWO_MODES = {0, 1};

  @Test
  void identicalSetsHavePrecisionAndRecallOneAndDistanceZero() {
    double[][] real = clusters(400, FOUR_MODES, 1);
    double[][] copy = Arrays.stream(real).map(double[]::clone).toArray(double[][]::new);
    ManifoldPrecisionRecall.Result result = ManifoldPrecisionRecall.of(real, copy, 3);
    assertEquals(1.0, result.precision());
    assertEquals(1.0, result.recall());
    assertEquals(0.0, FrechetDistance.between(real, copy), 1e-6);
  }

  @Test
  void aGeneratorCoveringHalfTheModesHasRecallAboutHalfAndFullPrecision() {
    double[][] real = clusters(400, FOUR_MODES, 2);
    double[][] generated = clusters(400, TWO_MODES, 3);
    ManifoldPrecisionRecall.Result result = ManifoldPrecisionRecall.of(real, generated, 3);
    // Every generated point lies in a real cluster; the real points of the two missing clusters (half of them) lie
    // 100 away from every generated point, and nearly all of the others fall in some generated ball.
    assertTrue(result.precision() >= 0.93, "precision " + result.precision());
    assertTrue(result.recall() >= 0.45 && result.recall() <= 0.5, "recall " + result.recall());

    // A second draw of the real distribution, measured as if generated: both near 1, and the Fréchet distance of
    // the half-mode generator is far above that floor.
    double[][] otherReal = clusters(400, FOUR_MODES, 4);
    ManifoldPrecisionRecall.Result realVsReal = ManifoldPrecisionRecall.of(real, otherReal, 3);
    assertTrue(realVsReal.recall() >= 0.93 && realVsReal.precision() >= 0.93, realVsReal.toString());
    assertEquals(realVsReal.recall() / 2, result.recall(), 0.03);
    double floor = FrechetDistance.between(real, otherReal);
    double distance = FrechetDistance.between(real, generated);
    assertTrue(distance > 100 * floor, distance + " vs floor " + floor);
  }

  @Test
  void aGeneratorOffTheDataHasPrecisionAndRecallZero() {
    double[][] real = clusters(200, FOUR_MODES, 5);
    double[][] generated = clusters(200, new int[] {4, 5}, 6);
    ManifoldPrecisionRecall.Result result = ManifoldPrecisionRecall.of(real, generated, 3);
    assertEquals(0.0, result.precision());
    assertEquals(0.0, result.recall());
  }

  @Test
  void aShiftedCopyIsTheSquaredShiftAwayInFrechetDistance() {
    SplittableRandom random = new SplittableRandom(7);
    double[][] a = new double[300][DIMS];
    for (double[] row : a) {
      for (int j = 0; j < DIMS; j++) {
        row[j] = random.nextGaussian() * (1 + j);
      }
    }
    double[] shift = {1, -2, 0.5, 0, 0, 3, 0, -1};
    double squared = 0;
    for (double s : shift) {
      squared += s * s;
    }
    double[][] b = new double[a.length][DIMS];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < DIMS; j++) {
        b[i][j] = a[i][j] + shift[j];
      }
    }
    // Same covariance, so the trace terms cancel and only ‖μ_a − μ_b‖² is left.
    assertEquals(squared, FrechetDistance.between(a, b), 1e-6 * squared);
  }

  @Test
  void theRadiusIsTheDistanceToTheKthOtherPoint() {
    double[][] line = new double[6][];
    for (int i = 0; i < line.length; i++) {
      line[i] = new double[] {i * i, 0};   // 0, 1, 4, 9, 16, 25
    }
    double[] radii = ManifoldPrecisionRecall.kthNeighbourDistances(line, 2);
    // The second nearest other point: of 0 → 4; of 1 → 3 (to 4); of 4 → 4 (to 0); of 9 → 7 (to 16); of 16 → 9 (to
    // 25... 9 away, and to 9: 7, to 4: 12) → 9; of 25 → 16 (to 9).
    assertEquals(4.0, radii[0], 1e-6);
    assertEquals(3.0, radii[1], 1e-6);
    assertEquals(4.0, radii[2], 1e-6);
    assertEquals(7.0, radii[3], 1e-6);
    assertEquals(9.0, radii[4], 1e-6);
    assertEquals(16.0, radii[5], 1e-6);
  }

  @Test
  void tooFewPointsOrKBelowTwoAreRefused() {
    double[][] three = clusters(3, FOUR_MODES, 8);
    assertThrows(IllegalArgumentException.class, () -> ManifoldPrecisionRecall.of(three, three, 3));
    double[][] many = clusters(20, FOUR_MODES, 9);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ManifoldPrecisionRecall.of(many, many, 1));
    assertTrue(e.getMessage().contains("k = 1"), e.getMessage());
  }
}
