package dev.dgmspark.debias;

import java.io.Serializable;
import java.util.Objects;

/**
 * The sampling weights of the DB-VAE debias step, fitted from latent histograms; a weight is returned as its log.
 *
 * <p>With Q_i(b) the density of bin b in dimension i and alpha > 0 the smoothing:
 * <ul>
 *   <li>{@link Combine#PRODUCT} (the paper): λ(x) = −Σ_i log(Q_i(bin_i(x)) + alpha). It is a sum of logs, so
 *       hundreds of dimensions neither underflow nor overflow.
 *   <li>{@link Combine#MAX} (MIT 6.S191 lab 2): per dimension the smoothed distribution
 *       s_i(b) = (Q_i(b) + alpha) / Σ_b' (Q_i(b') + alpha), its inverse r_i(b) = 1 / s_i(b), and the dataset
 *       normaliser R_i = Σ_b count_i(b) · r_i(b), which is the lab's per-dimension sum over rows computed from the
 *       counts alone. Then λ(x) = log max_i r_i(bin_i(x)) / R_i.
 * </ul>
 * Only differences of λ matter: a row's sampling probability is exp(λ(x)) / Σ_rows exp(λ). Smaller alpha debiases
 * harder. As alpha → ∞ every row gets the same weight (uniform over the data); as alpha → 0 the weight is inversely
 * proportional to the density of the row's bin, so sampling tends to uniform over the occupied latent space and a row
 * alone in a bin gets the top weight.
 *
 * <p>Immutable after {@link #fit} (the per-bin terms are computed once); broadcast it to the executors. It keeps a
 * reference to the histograms only for their edges, which never change.
 */
public final class DebiasWeights implements Serializable {
  private static final long serialVersionUID = 1L;

  private final LatentHistograms histograms;
  private final double alpha;
  private final Combine combine;
  /** logTerms[i][b]: −log(Q_i(b) + alpha) for PRODUCT, log(r_i(b) / R_i) for MAX. */
  private final double[][] logTerms;

  private DebiasWeights(LatentHistograms histograms, double alpha, Combine combine, double[][] logTerms) {
    this.histograms = histograms;
    this.alpha = alpha;
    this.combine = combine;
    this.logTerms = logTerms;
  }

  /** Weights from {@code histograms} with the default alpha and combination ({@link DebiasDefaults}). */
  public static DebiasWeights fit(LatentHistograms histograms) {
    return fit(histograms, DebiasDefaults.ALPHA, DebiasDefaults.COMBINE);
  }

  /**
   * Weights from fitted {@code histograms}, smoothing {@code alpha} and the way dimensions combine.
   *
   * @throws IllegalArgumentException if alpha is not a positive finite number or the histograms hold no rows
   */
  public static DebiasWeights fit(LatentHistograms histograms, double alpha, Combine combine) {
    Objects.requireNonNull(histograms, "histograms");
    Objects.requireNonNull(combine, "combine");
    if (!(alpha > 0) || !Double.isFinite(alpha)) {
      throw new IllegalArgumentException(
          String.format("Cannot set alpha to %s, the value must be positive and finite.", alpha));
    }
    if (histograms.rows() == 0) {
      throw new IllegalArgumentException("Cannot fit debias weights to histograms with no rows.");
    }
    double[][] logTerms = new double[histograms.dims()][];
    for (int i = 0; i < logTerms.length; i++) {
      logTerms[i] = combine == Combine.PRODUCT ? productTerms(histograms, i, alpha) : maxTerms(histograms, i, alpha);
    }
    return new DebiasWeights(histograms, alpha, combine, logTerms);
  }

  private static double[] productTerms(LatentHistograms h, int dim, double alpha) {
    double[] terms = new double[h.bins()];
    for (int b = 0; b < terms.length; b++) {
      terms[b] = -Math.log(h.density(dim, b) + alpha);
    }
    return terms;
  }

  private static double[] maxTerms(LatentHistograms h, int dim, double alpha) {
    int bins = h.bins();
    double smoothedTotal = 0;
    for (int b = 0; b < bins; b++) {
      smoothedTotal += h.density(dim, b) + alpha;
    }
    double[] inverse = new double[bins];
    double normaliser = 0;
    for (int b = 0; b < bins; b++) {
      inverse[b] = smoothedTotal / (h.density(dim, b) + alpha);
      normaliser += h.count(dim, b) * inverse[b];
    }
    double[] terms = new double[bins];
    for (int b = 0; b < bins; b++) {
      terms[b] = Math.log(inverse[b] / normaliser);
    }
    return terms;
  }

  /**
   * The log-weight λ of a row with latent mean {@code mu}; compare rows through differences of λ only.
   *
   * @throws IllegalArgumentException if {@code mu} has the wrong dimension or a NaN or infinite component (filter such
   *     rows with {@link Latents#isFinite(double[])} first)
   */
  public double logWeight(double[] mu) {
    Latents.checkDims(mu, logTerms.length);
    if (!Latents.isFinite(mu)) {
      throw new IllegalArgumentException("Cannot weight a latent vector with NaN or infinite components.");
    }
    if (combine == Combine.PRODUCT) {
      double sum = 0;
      for (int i = 0; i < mu.length; i++) {
        sum += logTerms[i][histograms.binOf(i, mu[i])];
      }
      return sum;
    }
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < mu.length; i++) {
      max = Math.max(max, logTerms[i][histograms.binOf(i, mu[i])]);
    }
    return max;
  }

  /** Like {@link #logWeight(double[])} for a single-precision vector. */
  public double logWeight(float[] mu) {
    return logWeight(Latents.toDouble(mu));
  }

  /** The per-bin term of dimension {@code dim}: −log(Q + alpha) for PRODUCT, log(r / R) for MAX. */
  public double logTerm(int dim, int bin) {
    return logTerms[dim][bin];
  }

  /**
   * A row's weight relative to the heaviest row, exp(λ − λmax), in [0, 1].
   *
   * @param logWeight the row's λ
   * @param maxLogWeight the largest λ over all rows (for example {@link WeightStats#maxLogWeight()})
   * @throws IllegalArgumentException if either is NaN, λmax is infinite, or λ > λmax
   */
  public static double relativeWeight(double logWeight, double maxLogWeight) {
    if (Double.isNaN(logWeight) || !Double.isFinite(maxLogWeight) || logWeight > maxLogWeight) {
      throw new IllegalArgumentException(String.format(
          "Cannot weight log-weight %s against maximum %s; the maximum must be finite and at least the log-weight.",
          logWeight, maxLogWeight));
    }
    return Math.exp(logWeight - maxLogWeight);
  }

  /**
   * A row's sampling probability, exp(λ − λmax) / sum, where sum is the total relative weight over all rows (for
   * example {@link WeightStats#sum()}, which is relative to the same maximum).
   */
  public static double normalisedWeight(double logWeight, double maxLogWeight, double relativeWeightSum) {
    if (!(relativeWeightSum > 0) || !Double.isFinite(relativeWeightSum)) {
      throw new IllegalArgumentException(String.format(
          "Cannot normalise by a weight sum of %s, the value must be positive and finite.", relativeWeightSum));
    }
    return relativeWeight(logWeight, maxLogWeight) / relativeWeightSum;
  }

  /** The smoothing the weights were fitted with. */
  public double alpha() {
    return alpha;
  }

  /** How the per-dimension terms combine. */
  public Combine combine() {
    return combine;
  }

  /** The histograms the weights were fitted to. */
  public LatentHistograms histograms() {
    return histograms;
  }
}
