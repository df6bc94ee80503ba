package dev.dgmspark.debias;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DebiasWeightsTest {
  /**
   * Four rows in two dimensions, two bins each.
   * Dimension 0: range [0, 2], width 1; values 0, 0, 0, 2: counts [3, 1], densities Q0 = [3/4, 1/4].
   * Dimension 1: range [0, 4], width 2; values 0, 4, 4, 4: counts [1, 3], densities Q1 = [1/8, 3/8].
   */
  private static final double[][] ROWS = {{0, 0}, {0, 4}, {0, 4}, {2, 4}};

  static LatentHistograms fit(double[][] rows, int bins) {
    LatentRange range = new LatentRange(rows[0].length);
    for (double[] row : rows) {
      range.add(row);
    }
    LatentHistograms h = LatentHistograms.over(range, bins);
    for (double[] row : rows) {
      h.add(row);
    }
    return h;
  }

  @Test
  void productMatchesHandArithmetic() {
    DebiasWeights w = DebiasWeights.fit(fit(ROWS, 2), 0.25, Combine.PRODUCT);
    // λ = −log(Q0 + α) − log(Q1 + α) with α = 1/4:
    // row (0,0): (3/4 + 1/4)(1/8 + 1/4) = 1 · 3/8   -> λ = log(8/3)
    // row (0,4): (3/4 + 1/4)(3/8 + 1/4) = 1 · 5/8   -> λ = log(8/5)
    // row (2,4): (1/4 + 1/4)(3/8 + 1/4) = 1/2 · 5/8 -> λ = log(16/5)
    assertEquals(Math.log(8.0 / 3), w.logWeight(ROWS[0]), 1e-12);
    assertEquals(Math.log(8.0 / 5), w.logWeight(ROWS[1]), 1e-12);
    assertEquals(Math.log(8.0 / 5), w.logWeight(ROWS[2]), 1e-12);
    assertEquals(Math.log(16.0 / 5), w.logWeight(ROWS[3]), 1e-12);
    // Relative to the heaviest row: (8/3) / (16/5) = 5/6 and (8/5) / (16/5) = 1/2.
    double max = w.logWeight(ROWS[3]);
    assertEquals(5.0 / 6, DebiasWeights.relativeWeight(w.logWeight(ROWS[0]), max), 1e-12);
    assertEquals(0.5, DebiasWeights.relativeWeight(w.logWeight(ROWS[1]), max), 1e-12);
    // Sampling probabilities: relative weights sum to 5/6 + 1/2 + 1/2 + 1 = 17/6.
    assertEquals((5.0 / 6) / (17.0 / 6), DebiasWeights.normalisedWeight(w.logWeight(ROWS[0]), max, 17.0 / 6), 1e-12);
  }

  @Test
  void maxMatchesHandArithmetic() {
    DebiasWeights w = DebiasWeights.fit(fit(ROWS, 2), 0.25, Combine.MAX);
    // Dimension 0: Q + α = [1, 1/2], sum 3/2, s = [2/3, 1/3], r = [3/2, 3];
    //   R0 = 3 · 3/2 + 1 · 3 = 15/2, r/R0 = [1/5, 2/5].
    // Dimension 1: Q + α = [3/8, 5/8], sum 1, s = [3/8, 5/8], r = [8/3, 8/5];
    //   R1 = 1 · 8/3 + 3 · 8/5 = 112/15, r/R1 = [5/14, 3/14].
    // row (0,0): max(1/5, 5/14) = 5/14; row (0,4): max(1/5, 3/14) = 3/14; row (2,4): max(2/5, 3/14) = 2/5.
    assertEquals(Math.log(5.0 / 14), w.logWeight(ROWS[0]), 1e-12);
    assertEquals(Math.log(3.0 / 14), w.logWeight(ROWS[1]), 1e-12);
    assertEquals(Math.log(3.0 / 14), w.logWeight(ROWS[2]), 1e-12);
    assertEquals(Math.log(2.0 / 5), w.logWeight(ROWS[3]), 1e-12);
    // Each dimension's normalised terms sum to 1 over the rows, as in the lab code.
    assertEquals(1.0, 3 * Math.exp(w.logTerm(0, 0)) + Math.exp(w.logTerm(0, 1)), 1e-12);
    assertEquals(1.0, Math.exp(w.logTerm(1, 0)) + 3 * Math.exp(w.logTerm(1, 1)), 1e-12);
  }

  @Test
  void hugeAlphaGivesEqualWeights() {
    double[][] rows = {{0, 0}, {0, 0}, {0, 0}, {0.1, 5}, {3, -2}, {2.9, 4.9}, {0.2, 0.1}};
    LatentHistograms h = fit(rows, 10);
    for (Combine combine : Combine.values()) {
      DebiasWeights w = DebiasWeights.fit(h, 1e9, combine);
      double max = Double.NEGATIVE_INFINITY;
      for (double[] row : rows) {
        max = Math.max(max, w.logWeight(row));
      }
      for (double[] row : rows) {
        assertEquals(1.0, DebiasWeights.relativeWeight(w.logWeight(row), max), 1e-6, combine.name());
      }
    }
  }

  @Test
  void aPointAloneInABinGetsTheTopWeight() {
    double[][] rows = new double[26][];
    for (int j = 0; j < 20; j++) {
      rows[j] = new double[] {0, j % 4};
    }
    for (int j = 20; j < 25; j++) {
      rows[j] = new double[] {5, j % 4};
    }
    rows[25] = new double[] {10, 1.5};
    LatentHistograms h = fit(rows, 10);
    for (Combine combine : Combine.values()) {
      DebiasWeights w = DebiasWeights.fit(h, DebiasDefaults.ALPHA, combine);
      double lonely = w.logWeight(rows[25]);
      for (int j = 0; j < 25; j++) {
        assertTrue(lonely > w.logWeight(rows[j]), combine + ": row " + j + " is not lighter than the lonely row");
      }
      assertTrue(w.logWeight(rows[20]) > w.logWeight(rows[0]), combine + ": a rarer row must weigh more");
    }
  }

  @Test
  void productIsComputedInLogSpace() {
    int dims = 200;
    // Rows (0, ..., 0) x3 and (s, ..., s) x1 with two bins per dimension: Q = [1.5/s, 0.5/s] in every dimension.
    for (double scale : new double[] {1e-6, 1e6}) {
      double[][] rows = new double[4][dims];
      java.util.Arrays.fill(rows[3], scale);
      DebiasWeights w = DebiasWeights.fit(fit(rows, 2), DebiasDefaults.ALPHA, Combine.PRODUCT);
      double crowded = 1.5 / scale + DebiasDefaults.ALPHA;
      double rare = 0.5 / scale + DebiasDefaults.ALPHA;
      double naiveProduct = 1;
      for (int i = 0; i < dims; i++) {
        naiveProduct /= crowded;
      }
      assertTrue(naiveProduct == 0 || Double.isInfinite(naiveProduct), "the naive product should not be usable");

      double lambdaCrowded = w.logWeight(rows[0]);
      double lambdaRare = w.logWeight(rows[3]);
      assertEquals(-dims * Math.log(crowded), lambdaCrowded, 1e-9 * Math.abs(lambdaCrowded));
      assertEquals(-dims * Math.log(rare), lambdaRare, 1e-9 * Math.abs(lambdaRare));
      double relative = DebiasWeights.relativeWeight(lambdaCrowded, lambdaRare);
      assertTrue(relative > 0 && relative < 1, "relative weight " + relative);
      assertEquals(dims * Math.log(crowded / rare), lambdaRare - lambdaCrowded, 1e-9);
    }
  }

  @Test
  void rejectsBadInput() {
    LatentHistograms h = fit(ROWS, 2);
    DebiasWeights w = DebiasWeights.fit(h);
    assertEquals(DebiasDefaults.COMBINE, w.combine());
    assertEquals(DebiasDefaults.ALPHA, w.alpha());
    assertEquals(w.logWeight(ROWS[0]), w.logWeight(new float[] {0f, 0f}));
    assertThrows(IllegalArgumentException.class, () -> w.logWeight(new double[] {Double.NaN, 0}));
    assertThrows(IllegalArgumentException.class, () -> w.logWeight(new double[] {0}));
    assertThrows(IllegalArgumentException.class, () -> DebiasWeights.fit(h, 0, Combine.MAX));
    assertThrows(IllegalArgumentException.class, () -> DebiasWeights.fit(h, Double.NaN, Combine.MAX));
    assertThrows(IllegalArgumentException.class,
        () -> DebiasWeights.fit(new LatentHistograms(new double[] {0}, new double[] {1}, 2)));
    assertThrows(IllegalArgumentException.class, () -> DebiasWeights.relativeWeight(1.0, 0.5));
    assertThrows(IllegalArgumentException.class, () -> DebiasWeights.relativeWeight(0.0, Double.NaN));
    assertEquals(0.0, DebiasWeights.relativeWeight(Double.NEGATIVE_INFINITY, 0.0));
  }
}
