package dev.dgmspark.debias;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.junit.jupiter.api.Test;

class BinomialTest {
  private static final int DRAWS = 400_000;

  /** Chi-square goodness of fit of {@code DRAWS} draws against the exact pmf, pooling cells expected below 5. */
  private static void assertFitsPmf(int n, double p, long seed) {
    SeededRandom random = SeededRandom.forStream(seed, 0);
    long[] observed = new long[n + 1];
    for (int i = 0; i < DRAWS; i++) {
      long k = Binomial.sample(random, n, p);
      assertTrue(k >= 0 && k <= n, "draw " + k + " outside [0, " + n + "]");
      observed[(int) k]++;
    }
    BinomialDistribution exact = new BinomialDistribution(null, n, p);
    double chiSquare = 0;
    int cells = 0;
    double pooledExpected = 0;
    long pooledObserved = 0;
    for (int k = 0; k <= n; k++) {
      pooledExpected += DRAWS * exact.probability(k);
      pooledObserved += observed[k];
      if (pooledExpected >= 5 || k == n) {
        chiSquare += Math.pow(pooledObserved - pooledExpected, 2) / pooledExpected;
        cells++;
        pooledExpected = 0;
        pooledObserved = 0;
      }
    }
    double critical = new ChiSquaredDistribution(null, cells - 1).inverseCumulativeProbability(1 - 1e-4);
    assertTrue(chiSquare < critical,
        String.format("Binomial(%d, %s): chi-square %.1f over %d cells, critical %.1f", n, p, chiSquare, cells, critical));
  }

  @Test
  void matchesTheExactPmfInEveryRegime() {
    assertFitsPmf(1000, 0.3, 1);     // n·p ≥ 10: transformed rejection
    assertFitsPmf(21, 0.48, 2);      // transformed rejection just above the switch, few trials
    assertFitsPmf(10_000, 0.001, 3); // transformed rejection at n·p = 10
    assertFitsPmf(20, 0.49, 4);      // n·p < 10: inversion just below the switch
    assertFitsPmf(200, 0.95, 5);     // p > 1/2 by symmetry, inversion
    assertFitsPmf(1000, 0.93, 6);    // p > 1/2 by symmetry, rejection
  }

  @Test
  void handlesBillionsOfTrials() {
    SeededRandom random = SeededRandom.forStream(8, 0);
    long n = 1_000_000_000L;
    double p = 0.37;
    int draws = 4000;
    double sum = 0;
    double sumSq = 0;
    for (int i = 0; i < draws; i++) {
      double k = Binomial.sample(random, n, p);
      sum += k;
      sumSq += k * k;
    }
    double mean = sum / draws;
    double variance = sumSq / draws - mean * mean;
    double npq = n * p * (1 - p);
    assertTrue(Math.abs(mean - n * p) < 5 * Math.sqrt(npq / draws), "mean " + mean);
    assertEquals(1.0, variance / npq, 0.15, "variance ratio");

    double tiny = 3e-9; // n·p = 3: inversion with a billion trials
    double tinySum = 0;
    for (int i = 0; i < draws; i++) {
      tinySum += Binomial.sample(random, n, tiny);
    }
    assertTrue(Math.abs(tinySum / draws - 3) < 5 * Math.sqrt(3.0 / draws), "mean " + tinySum / draws);
  }

  @Test
  void edgeCases() {
    SeededRandom random = SeededRandom.forStream(1, 0);
    assertEquals(0, Binomial.sample(random, 0, 0.5));
    assertEquals(0, Binomial.sample(random, 10, 0.0));
    assertEquals(10, Binomial.sample(random, 10, 1.0));
    assertThrows(IllegalArgumentException.class, () -> Binomial.sample(random, -1, 0.5));
    assertThrows(IllegalArgumentException.class, () -> Binomial.sample(random, 10, Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> Binomial.sample(random, 10, 1.5));
  }
}
