package dev.dgmspark.debias;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * Per-dimension histograms of latent mean vectors with equal-width bins, as a mergeable aggregate.
 *
 * <p>Dimension i has {@code bins} bins of equal width between its minimum and maximum; the outer edges are open, so a
 * value below the minimum falls in bin 0 and one above the maximum in the last bin. Inside, a value on an edge belongs
 * to the bin on its right, and the maximum itself to the last bin (numpy's {@code histogram} and {@code digitize}
 * conventions, which the MIT lab uses). A dimension whose minimum equals its maximum is widened to
 * [min − 0.5, max + 0.5], as numpy does, so no bin has zero width and all its mass lands in the middle bin.
 *
 * <p>Built for Spark's {@code treeAggregate}: create an empty instance with {@link #over(LatentRange, int)} (it fixes
 * the edges), then {@link #add} and {@link #merge} update this instance and return it; {@code merge} never changes its
 * argument and refuses histograms with different edges. Counts are exact integers, so the result does not depend on
 * the order of rows or merges. Rows with a NaN or infinite component are skipped and counted, as in
 * {@link LatentRange}.
 */
public final class LatentHistograms implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int bins;
  private final double[] lower;
  private final double[] upper;
  private final long[][] counts;
  private long rows;
  private long skippedRows;

  /**
   * Empty histograms with {@code bins} bins spanning each dimension of {@code range}.
   *
   * @throws IllegalArgumentException if the range is empty or {@code bins} is not positive
   */
  public static LatentHistograms over(LatentRange range, int bins) {
    Objects.requireNonNull(range, "range");
    if (range.isEmpty()) {
      throw new IllegalArgumentException(String.format(
          "Cannot build histograms over an empty latent range (%d rows skipped as non-finite).", range.skippedRows()));
    }
    return new LatentHistograms(range.mins(), range.maxs(), bins);
  }

  /**
   * Empty histograms with {@code bins} bins spanning [min[i], max[i]] in dimension i.
   *
   * @throws IllegalArgumentException if a bound is not finite, min[i] > max[i], or a span is too narrow (or too wide)
   *     for {@code bins} distinct edges in double precision
   */
  public LatentHistograms(double[] min, double[] max, int bins) {
    Objects.requireNonNull(min, "min");
    Objects.requireNonNull(max, "max");
    Latents.checkPositiveDims(min.length);
    if (min.length != max.length) {
      throw new IllegalArgumentException(
          String.format("min has %d dimensions and max has %d; they must match.", min.length, max.length));
    }
    if (bins <= 0) {
      throw new IllegalArgumentException(String.format("Cannot use %d bins, the value must be positive.", bins));
    }
    this.bins = bins;
    this.lower = new double[min.length];
    this.upper = new double[min.length];
    for (int i = 0; i < min.length; i++) {
      if (!Double.isFinite(min[i]) || !Double.isFinite(max[i]) || min[i] > max[i]) {
        throw new IllegalArgumentException(String.format(
            "Dimension %d has range [%s, %s]; it must be finite with min <= max.", i, min[i], max[i]));
      }
      // numpy widens a zero-width range the same way, which keeps every bin width positive.
      lower[i] = min[i] == max[i] ? min[i] - 0.5 : min[i];
      upper[i] = min[i] == max[i] ? max[i] + 0.5 : max[i];
      checkEdges(i);
    }
    this.counts = new long[min.length][bins];
  }

  private void checkEdges(int dim) {
    if (!Double.isFinite(upper[dim] - lower[dim])) {
      throw new IllegalArgumentException(String.format(
          "Dimension %d has range [%s, %s], too wide to split into bins.", dim, lower[dim], upper[dim]));
    }
    for (int k = 0; k < bins; k++) {
      if (!(edge(dim, k) < edge(dim, k + 1))) {
        throw new IllegalArgumentException(String.format(
            "Dimension %d has range [%s, %s], too narrow to split into %d bins.", dim, lower[dim], upper[dim], bins));
      }
    }
  }

  /** Counts {@code mu} in every dimension's histogram, or counts it as skipped when a component is not finite. */
  public LatentHistograms add(double[] mu) {
    Latents.checkDims(mu, lower.length);
    if (!Latents.isFinite(mu)) {
      skippedRows++;
      return this;
    }
    for (int i = 0; i < mu.length; i++) {
      counts[i][binOf(i, mu[i])]++;
    }
    rows++;
    return this;
  }

  /** Like {@link #add(double[])} for a single-precision vector; returns this. */
  public LatentHistograms add(float[] mu) {
    return add(Latents.toDouble(mu));
  }

  /** Adds the counts of {@code other}, which must have the same edges; returns this, {@code other} is unchanged. */
  public LatentHistograms merge(LatentHistograms other) {
    Objects.requireNonNull(other, "other");
    if (other.bins != bins || !Arrays.equals(other.lower, lower) || !Arrays.equals(other.upper, upper)) {
      throw new IllegalArgumentException(
          "Cannot merge histograms with different edges; build both from the same LatentRange and bin count.");
    }
    for (int i = 0; i < counts.length; i++) {
      for (int b = 0; b < bins; b++) {
        counts[i][b] += other.counts[i][b];
      }
    }
    rows += other.rows;
    skippedRows += other.skippedRows;
    return this;
  }

  /**
   * The bin of {@code value} in dimension {@code dim}: the last bin whose left edge is at most {@code value}, with the
   * outer edges open (values beyond the range, including ±∞, land in the first or last bin).
   *
   * @throws IllegalArgumentException if {@code value} is NaN
   */
  public int binOf(int dim, double value) {
    if (Double.isNaN(value)) {
      throw new IllegalArgumentException(String.format("Cannot bin NaN in dimension %d.", dim));
    }
    double position = (value - lower[dim]) / (upper[dim] - lower[dim]) * bins;
    int bin;
    if (!(position > 0)) {
      bin = 0;
    } else if (position >= bins) {
      bin = bins - 1;
    } else {
      bin = (int) position;
    }
    // The division can be off by one ulp near an edge; comparing with the edges themselves makes counting and
    // weighting agree exactly with edge(dim, k).
    while (bin > 0 && value < edge(dim, bin)) {
      bin--;
    }
    while (bin < bins - 1 && value >= edge(dim, bin + 1)) {
      bin++;
    }
    return bin;
  }

  /** Edge {@code k} (0 to {@code bins}) of dimension {@code dim}: lower + k · (upper − lower) / bins, as numpy. */
  public double edge(int dim, int k) {
    if (k < 0 || k > bins) {
      throw new IndexOutOfBoundsException(String.format("Edge %d does not exist; edges run from 0 to %d.", k, bins));
    }
    if (k == bins) {
      return upper[dim];
    }
    return k * ((upper[dim] - lower[dim]) / bins) + lower[dim];
  }

  /** The width of bin {@code bin} in dimension {@code dim}; always positive. */
  public double binWidth(int dim, int bin) {
    return edge(dim, bin + 1) - edge(dim, bin);
  }

  /**
   * The density of bin {@code bin} in dimension {@code dim}: count / (rows · width), as numpy's
   * {@code histogram(density=True)}; it integrates to 1 over the bins. Zero while no row has been added.
   */
  public double density(int dim, int bin) {
    if (rows == 0) {
      return 0.0;
    }
    return counts[dim][bin] / ((double) rows * binWidth(dim, bin));
  }

  /** The number of rows counted in bin {@code bin} of dimension {@code dim}. */
  public long count(int dim, int bin) {
    return counts[dim][bin];
  }

  /** A copy of the bin counts of dimension {@code dim}. */
  public long[] counts(int dim) {
    return counts[dim].clone();
  }

  /** The number of latent dimensions. */
  public int dims() {
    return lower.length;
  }

  /** The number of bins per dimension. */
  public int bins() {
    return bins;
  }

  /** The number of rows counted (rows with finite components only). */
  public long rows() {
    return rows;
  }

  /** The number of rows skipped because a component was NaN or infinite. */
  public long skippedRows() {
    return skippedRows;
  }
}
