package dev.dgmspark.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** {@link LatentProjection}: the two axes of largest variance, with computed expectations. */
class LatentProjectionTest {
  @Test
  void pointsOnAPlaneInsideThreeDimensionsKeepTheirCoordinates() {
    // a spread 3 along (1,1,0)/sqrt2, b spread 1 along z, nothing along (1,-1,0); a and b are exactly uncorrelated
    // (a cosine and a sine over whole turns), so the principal axes are exactly those: the projection recovers (a, b).
    int n = 500;
    double[][] rows = new double[n][];
    double[] a = new double[n];
    double[] b = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = 3 * Math.cos(2 * Math.PI * i / n);
      b[i] = Math.sin(2 * Math.PI * i / n);
      rows[i] = new double[] {a[i] / Math.sqrt(2) + 5, a[i] / Math.sqrt(2) - 2, b[i] + 1};
    }
    double meanA = java.util.Arrays.stream(a).average().orElseThrow();
    double meanB = java.util.Arrays.stream(b).average().orElseThrow();
    double[][] xy = LatentProjection.project(rows);
    for (int i = 0; i < n; i++) {
      // Signs are fixed so that each axis's largest component is positive: both axes point along +a and +b here.
      assertEquals(a[i] - meanA, xy[0][i], 1e-6);
      assertEquals(b[i] - meanB, xy[1][i], 1e-6);
    }
  }

  @Test
  void theFirstAxisCarriesMoreVarianceThanTheSecond() {
    // Columns cos(k t) scaled by 1, 4, 2, 0.5 are exactly uncorrelated over whole turns, with variances scale^2 / 2:
    // the largest is column 1 (8), then column 2 (2).
    int n = 300;
    double[][] rows = new double[n][];
    for (int i = 0; i < n; i++) {
      double t = 2 * Math.PI * i / n;
      rows[i] = new double[] {Math.cos(t), 4 * Math.cos(2 * t), 2 * Math.cos(3 * t), 0.5 * Math.cos(4 * t)};
    }
    double[][] xy = LatentProjection.project(rows);
    assertEquals(8, variance(xy[0]), 1e-6);
    assertEquals(2, variance(xy[1]), 1e-6);
    for (int i = 0; i < n; i++) {
      assertEquals(rows[i][1], xy[0][i], 1e-6);
      assertEquals(rows[i][2], xy[1][i], 1e-6);
    }
  }

  @Test
  void oneDimensionalLatentsLieOnTheXAxis() {
    double[][] xy = LatentProjection.project(new double[][] {{1}, {2}, {6}});
    assertArrayEquals(new double[] {-2, -1, 3}, xy[0], 1e-9);
    assertArrayEquals(new double[] {0, 0, 0}, xy[1], 1e-9);
  }

  private static double variance(double[] v) {
    double mean = java.util.Arrays.stream(v).average().orElseThrow();
    return java.util.Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / v.length;
  }
}
