package dev.dgmspark.debias;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fixed-point sum: exact, the same in any order and partitioning, carries past 64 bits, refuses odd input. */
class FixedPointSumTest {
  private static List<Double> weights(int n, long seed) {
    Random random = new Random(seed);
    List<Double> values = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      values.add(Math.exp(-20 * random.nextDouble())); // relative weights over nine decades, as debias's
    }
    return values;
  }

  private static FixedPointSum partitioned(List<Double> values, int parts) {
    List<FixedPointSum> partials = new ArrayList<>();
    for (int p = 0; p < parts; p++) {
      partials.add(new FixedPointSum());
    }
    for (int i = 0; i < values.size(); i++) {
      partials.get(i % parts).add(values.get(i));
    }
    Collections.reverse(partials);
    FixedPointSum total = new FixedPointSum();
    partials.forEach(total::merge);
    return total;
  }

  @Test
  void theSameTotalInAnyOrderAndPartitioningWhereADoubleSumDiffers() {
    List<Double> values = weights(20_000, 7);
    double expected = partitioned(values, 1).value();
    double naive = 0;
    for (double v : values) {
      naive += v;
    }
    List<Double> shuffled = new ArrayList<>(values);
    Collections.shuffle(shuffled, new Random(3));
    double naiveShuffled = 0;
    for (double v : shuffled) {
      naiveShuffled += v;
    }
    // The case this class exists for: the plain double sum depends on the order.
    assertNotEquals(naive, naiveShuffled);
    for (int parts : new int[] {2, 3, 7, 64}) {
      assertEquals(expected, partitioned(shuffled, parts).value(), 0.0, parts + " parts");
    }
    // Exact: the sum of each value rounded to a multiple of 2^-62, rounded once to a double.
    BigDecimal exact = BigDecimal.ZERO;
    BigDecimal unit = new BigDecimal(2).pow(62);
    for (double v : values) {
      exact = exact.add(new BigDecimal(Math.round(Math.scalb(v, 62))));
    }
    assertEquals(exact.divide(unit).doubleValue(), expected, 0.0);
  }

  @Test
  void carriesPastSixtyFourBits() {
    FixedPointSum sum = new FixedPointSum();
    for (int i = 0; i < 10; i++) {
      sum.add(1.0); // 2^62 each: the low word overflows at the fourth
    }
    sum.add(0.5);
    assertEquals(10.5, sum.value(), 0.0);
    FixedPointSum other = new FixedPointSum().add(1.0).add(1.0).add(1.0).add(1.0);
    assertEquals(14.5, sum.merge(other).value(), 0.0);
    assertEquals(4.0, other.value(), 0.0, "merge leaves its argument alone");
  }

  @Test
  void refusesNumbersOutsideZeroToOne() {
    FixedPointSum sum = new FixedPointSum();
    assertThrows(IllegalArgumentException.class, () -> sum.add(-1e-300));
    assertThrows(IllegalArgumentException.class, () -> sum.add(1.0000001));
    assertThrows(IllegalArgumentException.class, () -> sum.add(Double.NaN));
    assertEquals(0.0, sum.add(0.0).value(), 0.0);
  }
}
