package dev.dgmspark.outliers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dgmspark.debias.KnnDensity;
import dev.dgmspark.debias.ReferenceSample;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link OutlierScoring}: robust scales by hand, the two components, their weighting, and the density floor. */
class OutlierScoringTest {
  private static final double IQR_OF_NORMAL = 1.3489795003921634;

  @Test
  void aScaleIsTheMedianAndTheInterquartileRangeOverThatOfANormal() {
    OutlierScoring.Scale scale = OutlierScoring.Scale.ofQuartiles(new double[] {8, 10, 14});
    assertEquals(10, scale.median());
    assertEquals(6, scale.interquartileRange());
    assertEquals(6 / IQR_OF_NORMAL, scale.deviation(), 1e-12);
    assertEquals((16 - 10) / (6 / IQR_OF_NORMAL), scale.standardise(16), 1e-12);
    // No spread: a tiny positive deviation, so equal values score 0 and any other value far off.
    OutlierScoring.Scale flat = OutlierScoring.Scale.ofQuartiles(new double[] {5, 5, 5});
    assertEquals(0.0, flat.standardise(5));
    assertTrue(flat.standardise(5.001) > 1e6);
    assertThrows(IllegalArgumentException.class, () -> OutlierScoring.Scale.ofQuartiles(new double[] {3, 2, 4}));
    assertThrows(IllegalArgumentException.class, () -> OutlierScoring.Scale.ofQuartiles(new double[] {1, 2}));
  }

  @Test
  void theScoreWeighsTheStandardisedReconstructionErrorAgainstTheStandardisedRarity() {
    OutlierScoring.Scale recon = new OutlierScoring.Scale(100, 2 * IQR_OF_NORMAL);   // deviation 2
    OutlierScoring.Scale density = new OutlierScoring.Scale(-1, 0.5 * IQR_OF_NORMAL); // deviation 0.5
    OutlierScoring both = OutlierScoring.of(recon, density, 0.5);
    // Reconstruction 106: 3 deviations worse than the median. Log density -3: 2 below the median, 4 deviations rarer.
    assertEquals(3.0, both.reconstructionScore(106), 1e-12);
    assertEquals(4.0, both.densityScore(-3), 1e-12);
    assertEquals(-2.0, both.densityScore(0), 1e-12, "denser than the median scores below 0");
    assertEquals(3.5, both.score(106, -3), 1e-12);
    assertEquals(3.0, OutlierScoring.of(recon, density, 1).score(106, -3), 1e-12);
    assertEquals(4.0, OutlierScoring.of(recon, density, 0).score(106, -3), 1e-12);
    assertEquals(0.25 * 3 + 0.75 * 4, OutlierScoring.of(recon, density, 0.25).score(106, -3), 1e-12);
    assertTrue(Double.isNaN(both.score(Double.NaN, -3)), "no score without a finite component");
    assertTrue(Double.isNaN(both.score(106, Double.NaN)));
    assertThrows(IllegalArgumentException.class, () -> OutlierScoring.of(recon, density, 1.5));
  }

  @Test
  void theLogDensityIsTheKnnEstimatorsWithAFloorForExactDuplicates() {
    // A reference on a line: 0, 1, 2, ..., 9 (1-D), k = 2.
    List<ReferenceSample.Row> reference = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      reference.add(new ReferenceSample.Row(i / 10.0, "r" + i, new float[] {i}));
    }
    KnnDensity knn = KnnDensity.fit(reference, 2, 1.0, 0.0, 1.0);
    double logRadius = Math.log(4.0);
    assertEquals(-1.0 * (logRadius - knn.meanLogRadius()), OutlierScoring.logDensity(knn, logRadius), 1e-12);
    assertEquals(knn.logRelativeDensity(logRadius), OutlierScoring.logDensity(knn, logRadius), 1e-12);
    // Distance zero (k identical latents): the density of a distance e^-30 times the typical one, finite.
    assertEquals(30.0, OutlierScoring.logDensity(knn, Double.NEGATIVE_INFINITY), 1e-12);
    assertTrue(Double.isNaN(OutlierScoring.logDensity(knn, Double.NaN)));
  }
}
