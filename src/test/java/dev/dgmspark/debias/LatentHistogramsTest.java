package dev.dgmspark.debias;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LatentHistogramsTest {
  /** Range [0, 2] in 4 bins of width 0.5: edges 0, 0.5, 1, 1.5, 2. */
  private static final double[] VALUES = {0, 0, 0, 0.5, 1, 1.5, 2, 2};

  private static LatentHistograms fit(double[] values, int bins) {
    LatentRange range = new LatentRange(1);
    for (double v : values) {
      range.add(new double[] {v});
    }
    LatentHistograms h = LatentHistograms.over(range, bins);
    for (double v : values) {
      h.add(new double[] {v});
    }
    return h;
  }

  @Test
  void edgesCountsAndDensityOfAHandMadeSet() {
    LatentHistograms h = fit(VALUES, 4);
    for (int k = 0; k <= 4; k++) {
      assertEquals(0.5 * k, h.edge(0, k), 1e-15);
    }
    // 0,0,0 -> bin 0; 0.5 -> bin 1 (an inner edge belongs to the right bin); 1 -> bin 2; 1.5, 2, 2 -> bin 3 (the
    // maximum belongs to the last bin).
    assertArrayEquals(new long[] {3, 1, 1, 3}, h.counts(0));
    assertEquals(8, h.rows());
    double total = 0;
    for (int b = 0; b < 4; b++) {
      double expected = h.count(0, b) / (8 * 0.5);
      assertEquals(expected, h.density(0, b), 1e-15);
      total += h.density(0, b) * h.binWidth(0, b);
    }
    assertEquals(0.75, h.density(0, 0), 1e-15);
    assertEquals(1.0, total, 1e-12, "densities integrate to 1, as numpy's density=True");
  }

  @Test
  void outerEdgesAreOpenAndInnerEdgesBelongToTheRightBin() {
    LatentHistograms h = fit(VALUES, 4);
    assertEquals(0, h.binOf(0, -3));
    assertEquals(0, h.binOf(0, Double.NEGATIVE_INFINITY));
    assertEquals(3, h.binOf(0, 7));
    assertEquals(3, h.binOf(0, Double.POSITIVE_INFINITY));
    assertEquals(3, h.binOf(0, 2.0));
    assertEquals(0, h.binOf(0, Math.nextDown(0.5)));
    assertEquals(1, h.binOf(0, 0.5));
    assertThrows(IllegalArgumentException.class, () -> h.binOf(0, Double.NaN));
  }

  @Test
  void binOfAgreesWithTheEdgesOnAwkwardRanges() {
    LatentHistograms h = new LatentHistograms(new double[] {0.1}, new double[] {0.7}, 10);
    Random random = new Random(3);
    for (int k = 0; k <= 10; k++) {
      double e = h.edge(0, k);
      for (double v : new double[] {Math.nextDown(e), e, Math.nextUp(e), 0.1 + 0.6 * random.nextDouble()}) {
        int bin = h.binOf(0, v);
        assertTrue(bin == 0 || v >= h.edge(0, bin), "value " + v + " is below the left edge of bin " + bin);
        assertTrue(bin == 9 || v < h.edge(0, bin + 1), "value " + v + " is not below the right edge of bin " + bin);
      }
    }
  }

  @Test
  void mergeOfTwoHalvesEqualsFitOnTheWhole() {
    LatentHistograms whole = fit(VALUES, 4);
    LatentRange range = new LatentRange(1);
    for (double v : VALUES) {
      range.add(new double[] {v});
    }
    LatentHistograms first = LatentHistograms.over(range, 4);
    LatentHistograms second = LatentHistograms.over(range, 4);
    for (int i = 0; i < VALUES.length; i++) {
      (i % 2 == 0 ? first : second).add(new double[] {VALUES[i]});
    }
    LatentHistograms merged = LatentHistograms.over(range, 4).merge(second).merge(first);
    assertArrayEquals(whole.counts(0), merged.counts(0));
    assertEquals(whole.rows(), merged.rows());
    assertEquals(4, first.rows(), "merge must not change its argument");
  }

  @Test
  void mergeRefusesDifferentEdges() {
    LatentHistograms a = new LatentHistograms(new double[] {0}, new double[] {1}, 4);
    assertThrows(IllegalArgumentException.class,
        () -> a.merge(new LatentHistograms(new double[] {0}, new double[] {2}, 4)));
    assertThrows(IllegalArgumentException.class,
        () -> a.merge(new LatentHistograms(new double[] {0}, new double[] {1}, 5)));
  }

  @Test
  void zeroWidthDimensionPutsAllMassInOneBinWithoutDividingByZero() {
    // Like numpy, [3, 3] is widened to [2.5, 3.5]: 4 bins of width 0.25, the value 3 lands in bin 2.
    LatentHistograms h = fit(new double[] {3, 3, 3, 3}, 4);
    assertArrayEquals(new long[] {0, 0, 4, 0}, h.counts(0));
    assertEquals(0.25, h.binWidth(0, 2), 1e-15);
    assertEquals(4 / (4 * 0.25), h.density(0, 2), 1e-12);
    assertEquals(0.0, h.density(0, 0));
    assertEquals(0, h.binOf(0, 2.0));
    assertEquals(3, h.binOf(0, 4.0));
  }

  @Test
  void skipsNonFiniteRowsAndRejectsBadRanges() {
    LatentHistograms h = new LatentHistograms(new double[] {0, 0}, new double[] {1, 1}, 2);
    h.add(new double[] {0.2, Double.NaN}).add(new float[] {0.2f, 0.9f});
    assertEquals(1, h.rows());
    assertEquals(1, h.skippedRows());
    assertArrayEquals(new long[] {1, 0}, h.counts(0));
    assertArrayEquals(new long[] {0, 1}, h.counts(1));

    assertThrows(IllegalArgumentException.class, () -> LatentHistograms.over(new LatentRange(2), 10));
    assertThrows(IllegalArgumentException.class,
        () -> new LatentHistograms(new double[] {1}, new double[] {0}, 10));
    assertThrows(IllegalArgumentException.class,
        () -> new LatentHistograms(new double[] {0}, new double[] {1}, 0));
    assertThrows(IllegalArgumentException.class,
        () -> new LatentHistograms(new double[] {-Double.MAX_VALUE}, new double[] {Double.MAX_VALUE}, 10));
    assertThrows(IllegalArgumentException.class,
        () -> new LatentHistograms(new double[] {0}, new double[] {Double.MIN_VALUE}, 10));
  }
}
