package dev.dgmspark.debias;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LatentRangeTest {
  private static final double[][] ROWS = {{0.5, -1}, {2, 3}, {-4, 0.25}, {1, 7}, {3, -2}};

  @Test
  void tracksMinAndMaxPerDimension() {
    LatentRange range = new LatentRange(2);
    for (double[] row : ROWS) {
      range.add(row);
    }
    assertArrayEquals(new double[] {-4, -2}, range.mins());
    assertArrayEquals(new double[] {3, 7}, range.maxs());
    assertEquals(5, range.rows());
    assertEquals(0, range.skippedRows());
  }

  @Test
  void mergeOfPartsEqualsWholeAndEmptyPartsAreHarmless() {
    LatentRange whole = new LatentRange(2);
    for (double[] row : ROWS) {
      whole.add(row);
    }
    LatentRange first = new LatentRange(2).add(ROWS[0]).add(ROWS[1]);
    LatentRange second = new LatentRange(2).add(ROWS[2]).add(ROWS[3]).add(ROWS[4]);
    LatentRange merged = new LatentRange(2).merge(second).merge(new LatentRange(2)).merge(first);

    assertArrayEquals(whole.mins(), merged.mins());
    assertArrayEquals(whole.maxs(), merged.maxs());
    assertEquals(whole.rows(), merged.rows());
    assertEquals(2, first.rows(), "merge must not change its argument");
  }

  @Test
  void skipsAndCountsRowsWithNonFiniteValues() {
    LatentRange range = new LatentRange(2)
        .add(new double[] {1, 2})
        .add(new double[] {Double.NaN, 100})
        .add(new double[] {-100, Double.POSITIVE_INFINITY})
        .add(new float[] {3f, -1f});
    assertArrayEquals(new double[] {1, -1}, range.mins());
    assertArrayEquals(new double[] {3, 2}, range.maxs());
    assertEquals(2, range.rows());
    assertEquals(2, range.skippedRows());
  }

  @Test
  void emptyRangeIsReportedAndWrongDimensionRejected() {
    LatentRange range = new LatentRange(3);
    assertTrue(range.isEmpty());
    assertEquals(Double.POSITIVE_INFINITY, range.min(0));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> range.add(new double[] {1, 2}));
    assertTrue(e.getMessage().contains("2 dimensions, expected 3"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> range.merge(new LatentRange(2)));
    assertThrows(IllegalArgumentException.class, () -> new LatentRange(0));
  }
}
