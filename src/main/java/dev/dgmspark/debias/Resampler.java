package dev.dgmspark.debias;

import dev.dgmspark.common.Sha256;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Objects;

/**
 * Seeded resampling with replacement of exactly M rows, proportional to their weights, in two exact stages.
 *
 * <p>Rows are spread over a fixed number of buckets by a hash of their id ({@link #bucketOf}). The driver splits M over
 * the buckets with {@link #drawBucketCounts} (a multinomial draw on the bucket weight totals), and each bucket draws its
 * share among its own rows with {@link #drawWithinBucket}. Together the per-row counts follow
 * Multinomial(M, w / Σw) exactly and sum to M. Weights are integers ({@link #quantise}), so the bucket totals are exact
 * whatever the summation order; each stage is a pure function of its inputs and seeds its generator from (seed, stream);
 * so the same seed and rows give the same counts however the rows are partitioned, and on any number of executors.
 *
 * <p>All methods are static and thread-safe.
 */
public final class Resampler {
  /** Quantised weights carry this many fractional bits: relative weight 1 becomes 2^30. */
  public static final int WEIGHT_BITS = 30;

  /** The integer weight of a row with relative weight 1 (the heaviest row). */
  public static final long WEIGHT_SCALE = 1L << WEIGHT_BITS;

  /** The generator stream of the driver stage; bucket b uses stream b, so they never coincide. */
  private static final long DRIVER_STREAM = -1;

  private Resampler() {}

  /**
   * The integer weight of a row: round(relativeWeight · 2^30).
   *
   * <p>Integers make bucket totals exact. A row lighter than 2^−31 of the heaviest row rounds to 0 and is never drawn;
   * the mass lost that way is at most rows · 2^−31 relative to the heaviest row. The total of all quantised weights
   * must fit in a long, which allows up to 2^33 (about 8.6 billion) rows.
   *
   * @param relativeWeight exp(λ − λmax) from {@link DebiasWeights#relativeWeight}, in [0, 1]
   * @throws IllegalArgumentException if it is NaN or outside [0, 1]
   */
  public static long quantise(double relativeWeight) {
    if (!(relativeWeight >= 0 && relativeWeight <= 1)) {
      throw new IllegalArgumentException(String.format(
          "Cannot quantise relative weight %s, the value must be in [0, 1].", relativeWeight));
    }
    return Math.round(relativeWeight * WEIGHT_SCALE);
  }

  /**
   * The bucket of row {@code id}: the first 8 bytes of SHA-256 of its UTF-8 bytes, read as an unsigned big-endian
   * number, modulo {@code buckets}.
   *
   * <p>A cryptographic hash spreads similar ids ({@code img-000001}, {@code img-000002}) evenly, which
   * {@code String.hashCode} does not, and any language reproduces it; in Python:
   * {@code int.from_bytes(hashlib.sha256(id.encode()).digest()[:8], "big") % buckets}.
   */
  public static int bucketOf(String id, int buckets) {
    Objects.requireNonNull(id, "id");
    checkBuckets(buckets);
    byte[] digest = Sha256.digest(id);
    long prefix = 0;
    for (int i = 0; i < Long.BYTES; i++) {
      prefix = (prefix << 8) | (digest[i] & 0xFF);
    }
    return (int) Long.remainderUnsigned(prefix, buckets);
  }

  /**
   * The driver stage: how many of the {@code sampleSize} rows each bucket supplies, a draw from
   * Multinomial(sampleSize, bucketWeights / Σ bucketWeights).
   *
   * <p>Drawn as conditional binomials in bucket order: bucket b gets Binomial(remaining rows, its weight / remaining
   * weight), and the last bucket with weight gets what is left, so the counts sum to {@code sampleSize} exactly and
   * zero-weight buckets get zero.
   *
   * @param bucketWeights the total quantised weight of each bucket (for example {@link BucketWeights#weights()})
   * @param sampleSize M, the number of rows to draw (up to 2^53)
   * @param seed the resampling seed
   * @return the count of each bucket, summing to {@code sampleSize}
   * @throws IllegalArgumentException if a weight or M is negative, or M > 0 and every weight is zero
   */
  public static long[] drawBucketCounts(long[] bucketWeights, long sampleSize, long seed) {
    Objects.requireNonNull(bucketWeights, "bucketWeights");
    if (sampleSize < 0) {
      throw new IllegalArgumentException(
          String.format("Cannot draw %d rows, the value must not be negative.", sampleSize));
    }
    long total = total(bucketWeights, "bucket");
    long[] counts = new long[bucketWeights.length];
    if (sampleSize == 0) {
      return counts;
    }
    if (total == 0) {
      throw new IllegalArgumentException(
          String.format("Cannot draw %d rows: every bucket has weight zero.", sampleSize));
    }
    SeededRandom random = SeededRandom.forStream(seed, DRIVER_STREAM);
    long remaining = sampleSize;
    long remainingWeight = total;
    for (int b = 0; b < bucketWeights.length && remaining > 0; b++) {
      long weight = bucketWeights[b];
      if (weight == 0) {
        continue;
      }
      long count = weight == remainingWeight
          ? remaining
          : Binomial.sample(random, remaining, (double) weight / remainingWeight);
      counts[b] = count;
      remaining -= count;
      remainingWeight -= weight;
    }
    return counts;
  }

  /**
   * The executor stage: draws {@code count} rows with replacement among one bucket's rows, each with probability
   * proportional to its quantised weight, and returns how often each row was drawn.
   *
   * <p>The rows are put in id order first, so the result does not depend on the order they arrive in; a row's cumulative
   * weight interval in that order is hit by a uniform integer below the bucket total. The generator is seeded from
   * ({@code seed}, {@code bucket}).
   *
   * @param ids the bucket's row ids, unique
   * @param quantisedWeights each row's {@link #quantise quantised} weight
   * @param count the bucket's count from {@link #drawBucketCounts}
   * @param seed the resampling seed (the same as for the driver stage)
   * @param bucket the bucket's index
   * @return the times each row is drawn, in the order of {@code ids}, summing to {@code count}
   * @throws IllegalArgumentException if the arrays differ in length, an id repeats, a weight or count is negative, or
   *     count > 0 while every weight is zero
   */
  public static long[] drawWithinBucket(String[] ids, long[] quantisedWeights, long count, long seed, int bucket) {
    Objects.requireNonNull(ids, "ids");
    Objects.requireNonNull(quantisedWeights, "quantisedWeights");
    if (ids.length != quantisedWeights.length) {
      throw new IllegalArgumentException(String.format(
          "Bucket %d has %d ids and %d weights; they must match.", bucket, ids.length, quantisedWeights.length));
    }
    if (count < 0 || bucket < 0) {
      throw new IllegalArgumentException(String.format(
          "Cannot draw %d rows in bucket %d; both must not be negative.", count, bucket));
    }
    Integer[] order = idOrder(ids, bucket);
    long[] cumulative = new long[ids.length];
    long total = 0;
    for (int k = 0; k < order.length; k++) {
      long weight = quantisedWeights[order[k]];
      if (weight < 0) {
        throw new IllegalArgumentException(
            String.format("Row %s has weight %d, the value must not be negative.", ids[order[k]], weight));
      }
      total = Math.addExact(total, weight);
      cumulative[k] = total;
    }
    long[] drawn = new long[ids.length];
    if (count == 0) {
      return drawn;
    }
    if (total == 0) {
      throw new IllegalArgumentException(String.format(
          "Cannot draw %d rows in bucket %d: all %d rows have weight zero.", count, bucket, ids.length));
    }
    SeededRandom random = SeededRandom.forStream(seed, bucket);
    for (long t = 0; t < count; t++) {
      drawn[order[firstAbove(cumulative, random.nextLong(total))]]++;
    }
    return drawn;
  }

  private static Integer[] idOrder(String[] ids, int bucket) {
    Integer[] order = new Integer[ids.length];
    for (int i = 0; i < ids.length; i++) {
      Objects.requireNonNull(ids[i], "ids must not contain null");
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparing(i -> ids[i]));
    for (int k = 1; k < order.length; k++) {
      if (ids[order[k]].equals(ids[order[k - 1]])) {
        throw new IllegalArgumentException(
            String.format("Id %s appears twice in bucket %d; row ids must be unique.", ids[order[k]], bucket));
      }
    }
    return order;
  }

  /** The first index whose cumulative weight exceeds {@code target}: rows of weight zero are never chosen. */
  private static int firstAbove(long[] cumulative, long target) {
    int lo = 0;
    int hi = cumulative.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cumulative[mid] > target) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  static long total(long[] weights, String what) {
    long total = 0;
    for (int i = 0; i < weights.length; i++) {
      if (weights[i] < 0) {
        throw new IllegalArgumentException(
            String.format("The weight of %s %d is %d, the value must not be negative.", what, i, weights[i]));
      }
      total = Math.addExact(total, weights[i]);
    }
    return total;
  }

  static void checkBuckets(int buckets) {
    if (buckets <= 0) {
      throw new IllegalArgumentException(
          String.format("Cannot use %d buckets, the value must be positive.", buckets));
    }
  }
}
