package dev.dgmspark.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The classifier two-sample test on sets a classifier cannot, and sets it can, tell apart. */
class ClassifierTwoSampleTestTest {
  private static double[][] gaussian(int n, int dims, double shift, double scale, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[][] rows = new double[n][dims];
    for (double[] row : rows) {
      for (int j = 0; j < dims; j++) {
        row[j] = (j == 0 ? shift : 0) + scale * random.nextGaussian();
      }
    }
    return rows;
  }

  @Test
  void identicalSetsScoreExactlyOneHalf() {
    double[][] real = gaussian(300, 16, 0, 1, 1);
    double[][] copy = Arrays.stream(real).map(double[]::clone).toArray(double[][]::new);
    ClassifierTwoSampleTest.Result result = ClassifierTwoSampleTest.of(real, copy, 5);
    // Every held-out vector has its twin in the other class, and the classifier says the same of both.
    assertEquals(0.5, result.accuracy());
    assertEquals(150, result.trainRowsPerClass());
    assertEquals(150, result.testRowsPerClass());
  }

  @Test
  void twoDrawsOfOneDistributionScoreNearOneHalf() {
    ClassifierTwoSampleTest.Result result = ClassifierTwoSampleTest.of(gaussian(400, 16, 0, 1, 2),
        gaussian(400, 16, 0, 1, 3), 5);
    // 200 test vectors a class: chance accuracy has a standard deviation of 0.025.
    assertTrue(Math.abs(result.accuracy() - 0.5) < 0.1, "accuracy " + result.accuracy());
  }

  @Test
  void separableSetsScoreNearOne() {
    ClassifierTwoSampleTest.Result result = ClassifierTwoSampleTest.of(gaussian(400, 16, 0, 1, 4),
        gaussian(400, 16, 6, 1, 5), 5);
    assertTrue(result.accuracy() >= 0.97, "accuracy " + result.accuracy());
  }

  @Test
  void aSetCollapsedOntoTheRealMeanIsTold() {
    // Same mean, a tenth of the spread: a linear classifier could not separate them, the hidden layer can.
    ClassifierTwoSampleTest.Result result = ClassifierTwoSampleTest.of(gaussian(400, 16, 0, 1, 6),
        gaussian(400, 16, 0, 0.1, 7), 5);
    assertTrue(result.accuracy() >= 0.9, "accuracy " + result.accuracy());
  }

  @Test
  void theSameSeedGivesTheSameAccuracy() {
    double[][] a = gaussian(200, 8, 0, 1, 8);
    double[][] b = gaussian(200, 8, 0.5, 1, 9);
    assertEquals(ClassifierTwoSampleTest.of(a, b, 3).accuracy(), ClassifierTwoSampleTest.of(a, b, 3).accuracy());
  }
}
