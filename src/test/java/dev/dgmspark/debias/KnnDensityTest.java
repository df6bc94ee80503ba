package dev.dgmspark.debias;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The k-NN density and weights on hand-made latents, against brute force and closed-form expectations. */
class KnnDensityTest {

  /** Rows with ids r0, r1, ... */
  private static List<ReferenceSample.Row> rows(float[][] points) {
    List<ReferenceSample.Row> rows = new ArrayList<>();
    for (int i = 0; i < points.length; i++) {
      rows.add(new ReferenceSample.Row(i, "r" + i, points[i]));
    }
    return rows;
  }

  private static float[][] uniform(Random random, int n, int dims, double[] origin, double side) {
    float[][] points = new float[n][dims];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < dims; j++) {
        points[i][j] = (float) (origin[j] + side * random.nextDouble());
      }
    }
    return points;
  }

  /** Every row's log k-th-neighbour distance and weight, scored as a job would (all rows, ids kept). */
  private static double[] logRadii(KnnDensity density, float[][] points) {
    int dims = points[0].length;
    float[] flat = new float[points.length * dims];
    String[] ids = new String[points.length];
    for (int i = 0; i < points.length; i++) {
      System.arraycopy(points[i], 0, flat, i * dims, dims);
      ids[i] = "r" + i;
    }
    return density.scorer().logKthDistances(flat, ids, points.length);
  }

  private static double[] weights(KnnDensity density, float[][] points) {
    double[] logR = logRadii(density, points);
    double[] w = new double[logR.length];
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < w.length; i++) {
      w[i] = density.logWeight(logR[i]);
      max = Math.max(max, w[i]);
    }
    for (int i = 0; i < w.length; i++) {
      w[i] = Math.exp(w[i] - max);
    }
    return w;
  }

  /** Point i's distances to every other point, ascending, in double precision. */
  private static double[] bruteForceDistances(float[][] points, int i) {
    double[] d = new double[points.length - 1];
    int at = 0;
    for (int j = 0; j < points.length; j++) {
      if (j != i) {
        double s = 0;
        for (int c = 0; c < points[i].length; c++) {
          double diff = (double) points[i][c] - points[j][c];
          s += diff * diff;
        }
        d[at++] = Math.sqrt(s);
      }
    }
    Arrays.sort(d);
    return d;
  }

  @Test
  void kthDistancesMatchBruteForceAcrossChunksAndBlocks() {
    // More rows than a block and a reference larger than a chunk, so every code path of the blocking runs.
    Random random = new Random(3);
    int n = KnnDensity.CHUNK_ROWS + 700;
    int dims = 5;
    float[][] points = new float[n][dims];
    for (float[] p : points) {
      for (int j = 0; j < dims; j++) {
        p[j] = (float) (random.nextGaussian() * (j + 1) + 10);
      }
    }
    int k = 7;
    KnnDensity density = KnnDensity.fit(rows(points), k, 0.5, 0.0, 0.0);
    double[] logR = logRadii(density, points);
    for (int i = 0; i < n; i += 97) {
      assertEquals(Math.log(bruteForceDistances(points, i)[k - 1]), logR[i], 1e-5, "row " + i);
    }
  }

  @Test
  void distancesAtSeveralRanksOfALargeKMatchBruteForce() {
    // k up to a fifth of the reference: the candidate buffer and its compactions must keep the right rows.
    Random random = new Random(5);
    int n = KnnDensity.CHUNK_ROWS + 300;
    int dims = 3;
    float[][] points = new float[n][dims];
    for (float[] p : points) {
      for (int j = 0; j < dims; j++) {
        p[j] = (float) (random.nextGaussian() * (j + 1));
      }
    }
    float[] flat = new float[(n / 50 + 1) * dims];
    String[] ids = new String[n / 50 + 1];
    int count = 0;
    for (int i = 0; i < n; i += 50) {
      System.arraycopy(points[i], 0, flat, count * dims, dims);
      ids[count++] = "r" + i;
    }
    for (int rank : new int[] {1, 40, 880}) {
      double[] logR = KnnDensity.neighbourIndex(rows(points), rank).scorer().logKthDistances(flat, ids, count);
      for (int row = 0; row < count; row++) {
        int i = row * 50;
        assertEquals(Math.log(bruteForceDistances(points, i)[rank - 1]), logR[row], 1e-5, "row " + i + " rank " + rank);
      }
    }
  }

  @Test
  void aRowOutsideTheReferenceCountsEveryReferenceRow() {
    float[][] line = {{0f}, {1f}, {3f}, {6f}};
    KnnDensity density = KnnDensity.fit(rows(line), 2, 1.0, 0.0, 1.0);
    // A new point at 0 (id not in the reference): its nearest are 0 (distance 0) and 1 (distance 1).
    double[] logR = density.scorer().logKthDistances(new float[] {0f}, new String[] {"new"}, 1);
    assertEquals(0.0, logR[0], 1e-12);
    // The reference row at 0 does not count itself: its neighbours are at 1 and 3.
    double[] self = density.scorer().logKthDistances(new float[] {0f}, new String[] {"r0"}, 1);
    assertEquals(Math.log(3), self[0], 1e-6);
  }

  @Test
  void aTightFivePercentClusterGetsAboutAnEqualShareAtGammaOne() {
    // Four unit squares far apart with equal area; one holds 5% of the rows, three hold the rest. Sampling uniformly
    // over the occupied space (gamma 1, no floor) gives each square a quarter of the weight.
    Random random = new Random(17);
    int rare = 100;
    int common = 633;
    List<float[]> all = new ArrayList<>();
    all.addAll(Arrays.asList(uniform(random, rare, 2, new double[] {0, 0}, 1)));
    all.addAll(Arrays.asList(uniform(random, common, 2, new double[] {50, 0}, 1)));
    all.addAll(Arrays.asList(uniform(random, common, 2, new double[] {0, 50}, 1)));
    all.addAll(Arrays.asList(uniform(random, common, 2, new double[] {50, 50}, 1)));
    float[][] points = all.toArray(new float[0][]);
    KnnDensity density = KnnDensity.fit(rows(points), 10, 1.0, 0.0, 0.0);
    double[] w = weights(density, points);
    double rareWeight = 0;
    double total = 0;
    for (int i = 0; i < w.length; i++) {
      total += w[i];
      if (i < rare) {
        rareWeight += w[i];
      }
    }
    double share = rareWeight / total;
    assertEquals(0.05, (double) rare / points.length, 0.001);
    assertTrue(share > 0.19 && share < 0.31, "rare square's weight share " + share + ", expected about 0.25");
    assertEquals(2.0, density.estimatedDims(), 0.35, "points fill a plane");
  }

  @Test
  void uniformDataGetsNearlyUniformWeights() {
    Random random = new Random(5);
    float[][] points = uniform(random, 3000, 2, new double[] {0, 0}, 1);
    KnnDensity density = KnnDensity.fit(rows(points), 20, 0.5, 0.0, 0.0);
    double[] w = weights(density, points);
    double sum = 0;
    double squares = 0;
    for (double v : w) {
      sum += v;
      squares += v * v;
    }
    double essFraction = sum * sum / squares / w.length;
    assertTrue(essFraction > 0.9, "effective sample fraction " + essFraction);
  }

  @Test
  void aHugeAlphaGivesUniformWeightsAndZeroGammaToo() {
    Random random = new Random(8);
    float[][] points = new float[500][3];
    for (float[] p : points) {
      p[0] = (float) random.nextGaussian();
      p[1] = (float) (random.nextGaussian() * 3);
      p[2] = (float) Math.exp(random.nextGaussian());
    }
    for (double[] setting : new double[][] {{1.0, 1e12}, {0.0, 0.0}}) {
      KnnDensity density = KnnDensity.fit(rows(points), 10, setting[0], setting[1], 0.0);
      double[] w = weights(density, points);
      for (double v : w) {
        assertEquals(1.0, v, 1e-6, "gamma " + setting[0] + ", alpha " + setting[1]);
      }
    }
    // Without the floor the same data does get spread weights.
    double[] spread = weights(KnnDensity.fit(rows(points), 10, 1.0, 0.0, 0.0), points);
    assertTrue(Arrays.stream(spread).min().orElseThrow() < 0.1);
  }

  @Test
  void alphaCapsTheRarestRowsWeight() {
    float[][] points = new float[101][1];
    for (int i = 0; i < 100; i++) {
      points[i][0] = i * 0.01f;
    }
    points[100][0] = 1000f;
    double alpha = 0.25;
    double gamma = 1.0;
    KnnDensity density = KnnDensity.fit(rows(points), 3, gamma, alpha, 1.0);
    double[] logR = logRadii(density, points);
    // Closed form: rho = exp(-D (log r - mu)); weight = (rho + alpha)^-gamma <= alpha^-gamma.
    for (int i = 0; i < logR.length; i++) {
      double rho = Math.exp(-(logR[i] - density.meanLogRadius()));
      assertEquals(-gamma * Math.log(rho + alpha), density.logWeight(logR[i]), 1e-9);
      assertTrue(density.logWeight(logR[i]) <= -gamma * Math.log(alpha) + 1e-12);
    }
  }

  @Test
  void intrinsicDimensionOfAThreeDimensionalSubspaceInTen() {
    Random random = new Random(21);
    float[][] points = new float[4000][10];
    for (float[] p : points) {
      double a = random.nextDouble();
      double b = random.nextDouble();
      double c = random.nextDouble();
      for (int j = 0; j < 10; j++) {
        // A fixed linear embedding of the unit cube.
        p[j] = (float) (a * (j % 3 == 0 ? 1 : 0.3) + b * (j % 3 == 1 ? 1 : -0.2) + c * (j % 3 == 2 ? 1 : 0.1));
      }
    }
    KnnDensity density = KnnDensity.fit(rows(points), 10, 0.5, 0.0, 0.0);
    assertEquals(3.0, density.estimatedDims(), 0.4);
    assertEquals(density.estimatedDims(), density.exponentDims());
    KnnDensity fixed = KnnDensity.fit(rows(points), 10, 0.5, 0.0, 16.0);
    assertEquals(16.0, fixed.exponentDims());
  }

  @Test
  void exactDuplicatesGetWeightZero() {
    float[][] points = {{0f}, {0f}, {0f}, {1f}, {2f}, {4f}};
    KnnDensity density = KnnDensity.fit(rows(points), 2, 0.5, 0.0, 1.0);
    double[] logR = logRadii(density, points);
    assertEquals(Double.NEGATIVE_INFINITY, logR[0]);
    assertEquals(Double.NEGATIVE_INFINITY, density.logWeight(logR[0]));
    assertTrue(Double.isFinite(density.logWeight(logR[5])));
  }

  @Test
  void resultsDoNotDependOnWhichRowsShareABlock() {
    Random random = new Random(9);
    float[][] points = new float[900][4];
    for (float[] p : points) {
      for (int j = 0; j < 4; j++) {
        p[j] = (float) random.nextGaussian();
      }
    }
    KnnDensity density = KnnDensity.fit(rows(points), 10, 0.5, 0.0, 0.0);
    double[] together = logRadii(density, points);
    // The same rows scored one at a time and in a shuffled order.
    Integer[] order = new Integer[points.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Collections.shuffle(Arrays.asList(order), new Random(1));
    KnnDensity.Scorer scorer = density.scorer();
    for (int t = 0; t < 200; t++) {
      int i = order[t];
      double[] alone = scorer.logKthDistances(points[i], new String[] {"r" + i}, 1);
      assertEquals(together[i], alone[0], 0.0, "row " + i);
    }
  }

  @Test
  void scorersInConcurrentTasksAgreeWithOneScorer() throws Exception {
    Random random = new Random(19);
    float[][] points = new float[2000][6];
    for (float[] p : points) {
      for (int j = 0; j < 6; j++) {
        p[j] = (float) random.nextGaussian();
      }
    }
    KnnDensity density = KnnDensity.fit(rows(points), 5, 0.5, 0.0, 0.0);
    double[] sequential = logRadii(density, points);
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      List<java.util.concurrent.Future<double[]>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        results.add(pool.submit(() -> logRadii(density, points)));
      }
      for (java.util.concurrent.Future<double[]> result : results) {
        assertArrayEquals(sequential, result.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void rejectsBadSettings() {
    List<ReferenceSample.Row> few = rows(new float[][] {{0f}, {1f}, {2f}});
    assertThrows(IllegalArgumentException.class, () -> KnnDensity.fit(few, 3, 0.5, 0.0, 0.0));
    assertThrows(IllegalArgumentException.class, () -> KnnDensity.fit(few, 1, 0.5, 0.0, 0.0));
    assertThrows(IllegalArgumentException.class, () -> KnnDensity.fit(few, 2, -1, 0.0, 0.0));
    assertThrows(IllegalArgumentException.class, () -> KnnDensity.fit(few, 2, 0.5, -1, 0.0));
    assertThrows(IllegalArgumentException.class, () -> KnnDensity.fit(few, 2, 0.5, Double.NaN, 0.0));
  }
}
