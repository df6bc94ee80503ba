package dev.dgmspark.debias;

import java.io.Serializable;

/**
 * Summary statistics of row weights, as a mergeable aggregate fed with log-weights in a single pass.
 *
 * <p>It holds the row count, the largest and smallest log-weight, and the sum and sum of squares of the relative
 * weights w = exp(λ − λmax), where λmax is the largest log-weight seen so far. When a larger λ arrives (in
 * {@link #addLogWeight} or {@link #merge}) the sums are rescaled, so after aggregating all rows {@link #sum()} is the
 * total of {@link DebiasWeights#relativeWeight} over the dataset and no second pass is needed. Sums are floating point:
 * they can differ in the last bits between partitionings, which is why the resampler uses exact integer weights instead.
 *
 * <p>Built for Spark's {@code treeAggregate}: {@link #addLogWeight} and {@link #merge} update this instance and return
 * it; {@code merge} never changes its argument.
 */
public final class WeightStats implements Serializable {
  private static final long serialVersionUID = 1L;

  private long count;
  private long zeroWeightRows;
  private double maxLogWeight = Double.NEGATIVE_INFINITY;
  private double minLogWeight = Double.POSITIVE_INFINITY;
  private double sum;
  private double sumOfSquares;

  /** Empty statistics. */
  public WeightStats() {}

  /**
   * Adds a row with log-weight {@code logWeight} (−∞ stands for weight zero); returns this.
   *
   * @throws IllegalArgumentException if {@code logWeight} is NaN or +∞
   */
  public WeightStats addLogWeight(double logWeight) {
    if (Double.isNaN(logWeight) || logWeight == Double.POSITIVE_INFINITY) {
      throw new IllegalArgumentException(String.format("Cannot add log-weight %s; it must be finite or -Infinity.",
          logWeight));
    }
    count++;
    minLogWeight = Math.min(minLogWeight, logWeight);
    if (logWeight == Double.NEGATIVE_INFINITY) {
      zeroWeightRows++;
      return this;
    }
    rescaleTo(Math.max(maxLogWeight, logWeight));
    double w = Math.exp(logWeight - maxLogWeight);
    sum += w;
    sumOfSquares += w * w;
    return this;
  }

  /** Adds the rows summarised by {@code other}; returns this, {@code other} is unchanged. */
  public WeightStats merge(WeightStats other) {
    count += other.count;
    zeroWeightRows += other.zeroWeightRows;
    minLogWeight = Math.min(minLogWeight, other.minLogWeight);
    if (other.maxLogWeight == Double.NEGATIVE_INFINITY) {
      return this;
    }
    rescaleTo(Math.max(maxLogWeight, other.maxLogWeight));
    double factor = Math.exp(other.maxLogWeight - maxLogWeight);
    sum += other.sum * factor;
    sumOfSquares += other.sumOfSquares * factor * factor;
    return this;
  }

  private void rescaleTo(double newMax) {
    if (newMax == maxLogWeight) {
      return;
    }
    if (maxLogWeight != Double.NEGATIVE_INFINITY) {
      double factor = Math.exp(maxLogWeight - newMax);
      sum *= factor;
      sumOfSquares *= factor * factor;
    }
    maxLogWeight = newMax;
  }

  /** The number of rows added. */
  public long count() {
    return count;
  }

  /** The number of rows added with weight zero (log-weight −∞). */
  public long zeroWeightRows() {
    return zeroWeightRows;
  }

  /** The largest log-weight (−∞ while no row with positive weight was added). */
  public double maxLogWeight() {
    return maxLogWeight;
  }

  /** The smallest log-weight (+∞ while empty). */
  public double minLogWeight() {
    return minLogWeight;
  }

  /** Σ exp(λ − {@link #maxLogWeight()}) over the rows: the total relative weight, at least 1 unless all are zero. */
  public double sum() {
    return sum;
  }

  /** Σ exp(λ − {@link #maxLogWeight()})² over the rows. */
  public double sumOfSquares() {
    return sumOfSquares;
  }

  /**
   * The effective sample size (Σw)² / Σw² (Kish): n for equal weights, 1 when a single row has all the weight, 0 when
   * no row has positive weight. It does not depend on the scale of the weights.
   */
  public double effectiveSampleSize() {
    return sumOfSquares == 0 ? 0.0 : sum * sum / sumOfSquares;
  }
}
