package dev.dgmspark.debias;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * The per-dimension minimum and maximum of latent mean vectors, as a mergeable aggregate.
 *
 * <p>Built for Spark's {@code treeAggregate}: {@link #add} and {@link #merge} update this instance and return it;
 * {@code merge} never changes its argument. A new range is empty, and merging an empty range changes nothing, so empty
 * partitions are harmless. The result does not depend on the order of rows or merges.
 *
 * <p>A row with a NaN or infinite component is skipped as a whole and counted in {@link #skippedRows()}: one bad value
 * would otherwise stretch a dimension to infinity (or poison it with NaN), and skipping whole rows keeps the row count
 * the same in every dimension. The job reports the count, or fails when it must be zero.
 */
public final class LatentRange implements Serializable {
  private static final long serialVersionUID = 1L;

  private final double[] min;
  private final double[] max;
  private long rows;
  private long skippedRows;

  /** An empty range over {@code dims} dimensions: every minimum is +∞ and every maximum −∞ until a row arrives. */
  public LatentRange(int dims) {
    Latents.checkPositiveDims(dims);
    min = new double[dims];
    max = new double[dims];
    Arrays.fill(min, Double.POSITIVE_INFINITY);
    Arrays.fill(max, Double.NEGATIVE_INFINITY);
  }

  /** Widens the range to include {@code mu}, or counts it as skipped when a component is not finite; returns this. */
  public LatentRange add(double[] mu) {
    Latents.checkDims(mu, min.length);
    if (!Latents.isFinite(mu)) {
      skippedRows++;
      return this;
    }
    for (int i = 0; i < mu.length; i++) {
      min[i] = Math.min(min[i], mu[i]);
      max[i] = Math.max(max[i], mu[i]);
    }
    rows++;
    return this;
  }

  /** Like {@link #add(double[])} for a single-precision vector; returns this. */
  public LatentRange add(float[] mu) {
    return add(Latents.toDouble(mu));
  }

  /** Widens this range to include {@code other} and adds its counts; returns this, {@code other} is unchanged. */
  public LatentRange merge(LatentRange other) {
    Objects.requireNonNull(other, "other");
    if (other.min.length != min.length) {
      throw new IllegalArgumentException(String.format(
          "Cannot merge a range over %d dimensions into one over %d.", other.min.length, min.length));
    }
    for (int i = 0; i < min.length; i++) {
      min[i] = Math.min(min[i], other.min[i]);
      max[i] = Math.max(max[i], other.max[i]);
    }
    rows += other.rows;
    skippedRows += other.skippedRows;
    return this;
  }

  /** The number of latent dimensions. */
  public int dims() {
    return min.length;
  }

  /** The number of rows included in the range (rows with finite components only). */
  public long rows() {
    return rows;
  }

  /** The number of rows skipped because a component was NaN or infinite. */
  public long skippedRows() {
    return skippedRows;
  }

  /** Whether no row has been included yet. */
  public boolean isEmpty() {
    return rows == 0;
  }

  /** The smallest value seen in dimension {@code dim} (+∞ while empty). */
  public double min(int dim) {
    return min[dim];
  }

  /** The largest value seen in dimension {@code dim} (−∞ while empty). */
  public double max(int dim) {
    return max[dim];
  }

  /** A copy of the per-dimension minima. */
  public double[] mins() {
    return min.clone();
  }

  /** A copy of the per-dimension maxima. */
  public double[] maxs() {
    return max.clone();
  }
}
