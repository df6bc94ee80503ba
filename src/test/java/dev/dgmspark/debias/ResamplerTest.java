package dev.dgmspark.debias;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ResamplerTest {
  private record Row(String id, long weight) {}

  /**
   * The whole two-stage resample as the Spark job runs it: bucket totals aggregated over {@code partitions} partitions
   * (row i in partition i mod partitions), the driver draw, then each bucket's draw over its rows in arrival order.
   */
  private static Map<String, Long> resample(List<Row> rows, long m, long seed, int buckets, int partitions) {
    BucketWeights[] parts = new BucketWeights[partitions];
    for (int p = 0; p < partitions; p++) {
      parts[p] = new BucketWeights(buckets);
    }
    for (int i = 0; i < rows.size(); i++) {
      parts[i % partitions].add(rows.get(i).id(), rows.get(i).weight());
    }
    BucketWeights total = new BucketWeights(buckets);
    for (int p = partitions - 1; p >= 0; p--) {
      total.merge(parts[p]);
    }
    long[] bucketCounts = Resampler.drawBucketCounts(total.weights(), m, seed);

    Map<Integer, List<Row>> byBucket = new LinkedHashMap<>();
    for (Row row : rows) {
      byBucket.computeIfAbsent(Resampler.bucketOf(row.id(), buckets), b -> new ArrayList<>()).add(row);
    }
    Map<String, Long> drawn = new TreeMap<>();
    for (Map.Entry<Integer, List<Row>> e : byBucket.entrySet()) {
      List<Row> bucketRows = e.getValue();
      String[] ids = bucketRows.stream().map(Row::id).toArray(String[]::new);
      long[] weights = bucketRows.stream().mapToLong(Row::weight).toArray();
      long[] counts = Resampler.drawWithinBucket(ids, weights, bucketCounts[e.getKey()], seed, e.getKey());
      for (int i = 0; i < ids.length; i++) {
        drawn.put(ids[i], counts[i]);
      }
    }
    return drawn;
  }

  private static List<Row> rows(int n, long seed) {
    Random random = new Random(seed);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double relative = i % 10 == 0 ? 0.0 : random.nextDouble();
      rows.add(new Row(String.format("img-%06d", i), Resampler.quantise(relative)));
    }
    return rows;
  }

  private static long sum(Map<String, Long> counts) {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }

  @Test
  void quantiseScalesBy2To30AndRounds() {
    assertEquals(1L << 30, Resampler.quantise(1.0));
    assertEquals(1L << 29, Resampler.quantise(0.5));
    assertEquals(0, Resampler.quantise(0.0));
    assertEquals(0, Resampler.quantise(0x1.0p-32));
    assertEquals(1, Resampler.quantise(0x1.0p-30));
    assertThrows(IllegalArgumentException.class, () -> Resampler.quantise(1.0000001));
    assertThrows(IllegalArgumentException.class, () -> Resampler.quantise(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> Resampler.quantise(-0.1));
  }

  @Test
  void bucketIsTheSha256PrefixModuloBuckets() throws Exception {
    // Pinned with Python: int.from_bytes(hashlib.sha256(id.encode()).digest()[:8], "big") % buckets
    assertEquals(997, Resampler.bucketOf("img-000001", 1024));
    assertEquals(271, Resampler.bucketOf("é/ü", 1000));

    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    int[] perBucket = new int[16];
    for (int i = 0; i < 16000; i++) {
      String id = "img-" + i;
      byte[] prefix = Arrays.copyOf(sha.digest(id.getBytes(StandardCharsets.UTF_8)), 8);
      int expected = new BigInteger(1, prefix).mod(BigInteger.valueOf(13)).intValue();
      assertEquals(expected, Resampler.bucketOf(id, 13));
      perBucket[Resampler.bucketOf(id, 16)]++;
    }
    double sd = Math.sqrt(16000 * (1 / 16.0) * (15 / 16.0));
    for (int count : perBucket) {
      assertTrue(Math.abs(count - 1000) < 5 * sd, "similar ids must spread evenly: " + Arrays.toString(perBucket));
    }
  }

  @Test
  void drawsExactlyMRowsAndIsDeterministic() {
    List<Row> rows = rows(500, 1);
    for (long m : new long[] {1, 499, 1234}) {
      Map<String, Long> first = resample(rows, m, 42, DebiasDefaults.BUCKETS, 1);
      assertEquals(m, sum(first));
      assertEquals(first, resample(rows, m, 42, DebiasDefaults.BUCKETS, 1));
    }
    assertNotEquals(resample(rows, 1234, 42, DebiasDefaults.BUCKETS, 1),
        resample(rows, 1234, 43, DebiasDefaults.BUCKETS, 1));
  }

  @Test
  void countsDoNotDependOnRowOrderOrPartitioning() {
    List<Row> rows = rows(500, 2);
    Map<String, Long> expected = resample(rows, 2000, 7, 64, 1);
    List<Row> shuffled = new ArrayList<>(rows);
    for (int trial = 0; trial < 3; trial++) {
      Collections.shuffle(shuffled, new Random(trial));
      assertEquals(expected, resample(shuffled, 2000, 7, 64, 1 + 3 * trial));
    }
  }

  @Test
  void countsFollowTheMultinomialMeans() {
    // Weights 1 : 2 : 7 as relative weights 1/7, 2/7, 1 (the heaviest row is 1).
    List<Row> rows = List.of(
        new Row("a", Resampler.quantise(1.0 / 7)),
        new Row("b", Resampler.quantise(2.0 / 7)),
        new Row("c", Resampler.quantise(1.0)));
    long m = 100_000;
    long total = rows.stream().mapToLong(Row::weight).sum();
    // With 1024 buckets the rows sit in different buckets (the driver's binomials decide); with 1 bucket all three
    // share it (the in-bucket draw decides).
    for (int buckets : new int[] {DebiasDefaults.BUCKETS, 1}) {
      Map<String, Long> drawn = resample(rows, m, 2024, buckets, 2);
      assertEquals(m, sum(drawn));
      for (Row row : rows) {
        double p = (double) row.weight() / total;
        double mean = m * p;
        double sd = Math.sqrt(m * p * (1 - p));
        assertTrue(Math.abs(drawn.get(row.id()) - mean) < 5 * sd,
            buckets + " buckets: row " + row.id() + " drawn " + drawn.get(row.id()) + ", expected " + mean + " ± " + sd);
      }
    }
  }

  @Test
  void zeroWeightRowsAreNeverDrawnAndZeroRowsWork() {
    List<Row> rows = rows(300, 3);
    Map<String, Long> drawn = resample(rows, 5000, 9, 16, 2);
    for (Row row : rows) {
      if (row.weight() == 0) {
        assertEquals(0L, drawn.get(row.id()), row.id());
      }
    }
    Map<String, Long> none = resample(rows, 0, 9, 16, 2);
    assertEquals(0, sum(none));
    assertEquals(rows.size(), none.size());
  }

  @Test
  void inBucketDrawIsProportionalToSmallIntegerWeights() {
    // In id order the weights are 0, 1, 0, 2, 0: zero-weight rows first, between and last; given in scrambled order.
    String[] ids = {"d", "b", "a", "e", "c"};
    long[] weights = {2, 1, 0, 0, 0};
    long count = 30_000;
    long[] drawn = Resampler.drawWithinBucket(ids, weights, count, 5, 17);
    assertEquals(count, Arrays.stream(drawn).sum());
    assertEquals(0, drawn[2] + drawn[3] + drawn[4], "zero-weight rows drawn: " + Arrays.toString(drawn));
    double sd = Math.sqrt(count * (1 / 3.0) * (2 / 3.0));
    assertTrue(Math.abs(drawn[1] - count / 3.0) < 5 * sd, Arrays.toString(drawn));
    assertArrayEquals(drawn, Resampler.drawWithinBucket(ids, weights, count, 5, 17));
    assertNotEquals(Arrays.toString(drawn), Arrays.toString(Resampler.drawWithinBucket(ids, weights, count, 5, 18)),
        "each bucket has its own random stream");
  }

  @Test
  void driverStageSplitsMExactlyAndFast() {
    long[] weights = new long[DebiasDefaults.BUCKETS];
    Random random = new Random(5);
    for (int b = 0; b < weights.length; b++) {
      weights[b] = b % 7 == 3 ? 0 : random.nextInt(1 << 20) * (long) (1 << 20);
    }
    long total = Arrays.stream(weights).sum();
    long m = 1_000_000_000L;
    long[] counts = Resampler.drawBucketCounts(weights, m, 77);
    assertEquals(m, Arrays.stream(counts).sum());
    for (int b = 0; b < weights.length; b++) {
      double p = (double) weights[b] / total;
      double sd = Math.sqrt(m * p * (1 - p));
      assertTrue(Math.abs(counts[b] - m * p) <= 6 * sd + 1e-9, "bucket " + b);
      if (weights[b] == 0) {
        assertEquals(0, counts[b]);
      }
    }
    assertArrayEquals(counts, Resampler.drawBucketCounts(weights, m, 77));
    assertArrayEquals(new long[3], Resampler.drawBucketCounts(new long[3], 0, 1));
    assertArrayEquals(new long[] {0, 10, 0}, Resampler.drawBucketCounts(new long[] {0, 5, 0}, 10, 1));
  }

  @Test
  void rejectsInconsistentInput() {
    assertThrows(IllegalArgumentException.class, () -> Resampler.drawBucketCounts(new long[] {0, 0}, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> Resampler.drawBucketCounts(new long[] {-1, 2}, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> Resampler.drawBucketCounts(new long[] {1}, -1, 1));
    assertThrows(ArithmeticException.class,
        () -> Resampler.drawBucketCounts(new long[] {Long.MAX_VALUE, 1}, 1, 1));
    assertThrows(IllegalArgumentException.class,
        () -> Resampler.drawWithinBucket(new String[] {"a", "a"}, new long[] {1, 1}, 1, 1, 0));
    assertThrows(IllegalArgumentException.class,
        () -> Resampler.drawWithinBucket(new String[] {"a"}, new long[] {0}, 1, 1, 0));
    assertThrows(IllegalArgumentException.class,
        () -> Resampler.drawWithinBucket(new String[] {"a"}, new long[] {1, 2}, 1, 1, 0));
    assertArrayEquals(new long[] {0, 0},
        Resampler.drawWithinBucket(new String[] {"a", "b"}, new long[] {0, 0}, 0, 1, 0));
  }
}
