package dev.dgmspark.debias;

import java.io.Serializable;
import java.util.Objects;

/**
 * The total quantised weight per resampling bucket, as a mergeable aggregate.
 *
 * <p>Its {@link #weights()} are the input of {@link Resampler#drawBucketCounts}. Sums are exact longs (overflow throws
 * {@link ArithmeticException}), so the result does not depend on how rows are partitioned. Built for Spark's
 * {@code treeAggregate}: {@link #add} and {@link #merge} update this instance and return it; {@code merge} never
 * changes its argument.
 */
public final class BucketWeights implements Serializable {
  private static final long serialVersionUID = 1L;

  private final long[] weights;
  private long total;
  private long rows;
  private long positiveRows;

  /** Empty totals over {@code buckets} buckets (normally {@link DebiasDefaults#BUCKETS}). */
  public BucketWeights(int buckets) {
    Resampler.checkBuckets(buckets);
    weights = new long[buckets];
  }

  /** Adds a row with id {@code id} and quantised weight {@code quantisedWeight} to its bucket; returns this. */
  public BucketWeights add(String id, long quantisedWeight) {
    return addToBucket(Resampler.bucketOf(id, weights.length), quantisedWeight);
  }

  /** Adds a row with quantised weight {@code quantisedWeight} to bucket {@code bucket}; returns this. */
  public BucketWeights addToBucket(int bucket, long quantisedWeight) {
    if (quantisedWeight < 0) {
      throw new IllegalArgumentException(
          String.format("Cannot add weight %d, the value must not be negative.", quantisedWeight));
    }
    weights[bucket] = Math.addExact(weights[bucket], quantisedWeight);
    total = Math.addExact(total, quantisedWeight);
    rows++;
    if (quantisedWeight > 0) {
      positiveRows++;
    }
    return this;
  }

  /** Adds the totals of {@code other}, which must have as many buckets; returns this, {@code other} is unchanged. */
  public BucketWeights merge(BucketWeights other) {
    Objects.requireNonNull(other, "other");
    if (other.weights.length != weights.length) {
      throw new IllegalArgumentException(String.format(
          "Cannot merge weights over %d buckets into weights over %d.", other.weights.length, weights.length));
    }
    for (int b = 0; b < weights.length; b++) {
      weights[b] = Math.addExact(weights[b], other.weights[b]);
    }
    total = Math.addExact(total, other.total);
    rows += other.rows;
    positiveRows += other.positiveRows;
    return this;
  }

  /** The number of buckets. */
  public int buckets() {
    return weights.length;
  }

  /** The total quantised weight of bucket {@code bucket}. */
  public long weight(int bucket) {
    return weights[bucket];
  }

  /** A copy of the per-bucket totals. */
  public long[] weights() {
    return weights.clone();
  }

  /** The total quantised weight of all rows. */
  public long total() {
    return total;
  }

  /**
   * The total in relative-weight units, total / 2^30; compare with {@link WeightStats#sum()} to see the mass lost to
   * quantisation.
   */
  public double relativeTotal() {
    return total / (double) Resampler.WEIGHT_SCALE;
  }

  /** The number of rows added. */
  public long rows() {
    return rows;
  }

  /** The number of rows added with a positive quantised weight (the rows that can be drawn). */
  public long positiveRows() {
    return positiveRows;
  }
}
