package dev.dgmspark.debias;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class WeightStatsTest {
  @Test
  void equalWeightsHaveEffectiveSampleSizeN() {
    WeightStats stats = new WeightStats();
    for (int i = 0; i < 7; i++) {
      stats.addLogWeight(-3.25);
    }
    assertEquals(7, stats.count());
    assertEquals(7.0, stats.sum(), 1e-12);
    assertEquals(7.0, stats.effectiveSampleSize(), 1e-12);
    assertEquals(-3.25, stats.maxLogWeight());
    assertEquals(-3.25, stats.minLogWeight());
  }

  @Test
  void oneNonZeroWeightHasEffectiveSampleSizeOne() {
    WeightStats stats = new WeightStats();
    stats.addLogWeight(Double.NEGATIVE_INFINITY).addLogWeight(2.0).addLogWeight(Double.NEGATIVE_INFINITY);
    assertEquals(1.0, stats.effectiveSampleSize(), 1e-12);
    assertEquals(3, stats.count());
    assertEquals(2, stats.zeroWeightRows());
    assertEquals(Double.NEGATIVE_INFINITY, stats.minLogWeight());
    assertEquals(0.0, new WeightStats().effectiveSampleSize());
  }

  @Test
  void mergeEqualsWholeAndMatchesDirectSums() {
    Random random = new Random(11);
    double[] lambdas = new double[300];
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < lambdas.length; i++) {
      lambdas[i] = 40 * random.nextDouble() - 20;
      max = Math.max(max, lambdas[i]);
    }
    double sum = 0;
    double sumSq = 0;
    for (double l : lambdas) {
      double w = Math.exp(l - max);
      sum += w;
      sumSq += w * w;
    }

    WeightStats whole = new WeightStats();
    WeightStats[] parts = {new WeightStats(), new WeightStats(), new WeightStats(), new WeightStats()};
    for (int i = 0; i < lambdas.length; i++) {
      whole.addLogWeight(lambdas[i]);
      parts[i % 3].addLogWeight(lambdas[i]); // parts[3] stays empty
    }
    WeightStats merged = new WeightStats().merge(parts[2]).merge(parts[3]).merge(parts[0]).merge(parts[1]);

    for (WeightStats s : new WeightStats[] {whole, merged}) {
      assertEquals(lambdas.length, s.count());
      assertEquals(max, s.maxLogWeight());
      assertEquals(sum, s.sum(), 1e-12 * sum);
      assertEquals(sumSq, s.sumOfSquares(), 1e-12 * sumSq);
      assertEquals(sum * sum / sumSq, s.effectiveSampleSize(), 1e-9);
    }
    assertEquals(whole.minLogWeight(), merged.minLogWeight());
  }

  @Test
  void rejectsNaNAndPositiveInfinity() {
    WeightStats stats = new WeightStats();
    assertThrows(IllegalArgumentException.class, () -> stats.addLogWeight(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> stats.addLogWeight(Double.POSITIVE_INFINITY));
  }
}
