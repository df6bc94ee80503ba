package dev.dgmspark.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The Fréchet distance against closed forms and its own invariances. */
class FrechetDistanceTest {
  @Test
  void diagonalCovariancesMatchTheClosedForm() {
    double[] muA = {1, -2, 0.5};
    double[] muB = {0, 1, 0.5};
    double[] varA = {1, 4, 0.25};
    double[] varB = {2, 1, 9};
    double expected = 0;
    for (int i = 0; i < 3; i++) {
      double s = Math.sqrt(varA[i]) - Math.sqrt(varB[i]);
      expected += (muA[i] - muB[i]) * (muA[i] - muB[i]) + s * s;
    }
    assertEquals(expected, FrechetDistance.of(muA, diagonal(varA), muB, diagonal(varB)), 1e-9);
  }

  @Test
  void rotatingBothGaussiansTogetherKeepsTheDistance() {
    double[][] a = randomCovariance(new Random(1), 5);
    double[][] b = randomCovariance(new Random(2), 5);
    double[] mu = new double[5];
    double direct = FrechetDistance.of(mu, a, mu, b);
    // A permutation is a rotation: the distance must not change.
    int[] perm = {3, 0, 4, 1, 2};
    assertEquals(direct, FrechetDistance.of(mu, permute(a, perm), mu, permute(b, perm)), 1e-8);
    assertTrue(direct > 0);
    assertEquals(0, FrechetDistance.of(mu, a, mu, a), 1e-8);
  }

  @Test
  void samplesOfOneDistributionAreCloserThanSamplesOfShiftedOnes() {
    Random random = new Random(5);
    double[][] x = gaussianRows(random, 2000, 4, 0);
    double[][] y = gaussianRows(random, 2000, 4, 0);
    double[][] shifted = gaussianRows(random, 2000, 4, 1);
    double same = FrechetDistance.between(x, y);
    double apart = FrechetDistance.between(x, shifted);
    assertTrue(same < 0.1, "same distribution: " + same);
    assertEquals(4.0, apart, 0.4, "a shift of 1 in 4 dimensions adds about 4");
  }

  @Test
  void squareRootSquaresBack() {
    double[][] c = randomCovariance(new Random(9), 6);
    double[][] r = FrechetDistance.sqrtSymmetric(c);
    for (int i = 0; i < 6; i++) {
      for (int j = 0; j < 6; j++) {
        double v = 0;
        for (int k = 0; k < 6; k++) {
          v += r[i][k] * r[k][j];
        }
        assertEquals(c[i][j], v, 1e-9);
      }
    }
  }

  private static double[][] gaussianRows(Random random, int n, int d, double shift) {
    double[][] rows = new double[n][d];
    for (double[] row : rows) {
      for (int j = 0; j < d; j++) {
        row[j] = random.nextGaussian() + shift;
      }
    }
    return rows;
  }

  private static double[][] diagonal(double[] v) {
    double[][] m = new double[v.length][v.length];
    for (int i = 0; i < v.length; i++) {
      m[i][i] = v[i];
    }
    return m;
  }

  private static double[][] randomCovariance(Random random, int d) {
    double[][] x = gaussianRows(random, d + 3, d, 0);
    return FrechetDistance.covariance(x, FrechetDistance.mean(x));
  }

  private static double[][] permute(double[][] m, int[] perm) {
    double[][] p = new double[m.length][m.length];
    for (int i = 0; i < m.length; i++) {
      for (int j = 0; j < m.length; j++) {
        p[i][j] = m[perm[i]][perm[j]];
      }
    }
    return p;
  }
}
