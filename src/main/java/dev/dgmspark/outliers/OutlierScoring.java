package dev.dgmspark.outliers;

import dev.dgmspark.debias.KnnDensity;
import java.io.Serializable;

/**
 * An image's outlier score from its two components: the reconstruction excess (the negative log-likelihood of the
 * image under the VAE's decoder with z = its latent mean, minus that of a perfect reconstruction of the same image,
 * in nats; {@code dev.dgmspark.vae.ReconstructionLoss#floor}) and the log density of its latent mean relative to the
 * data's typical density ({@link KnnDensity#logRelativeDensity}).
 *
 * <p>The excess and not the error itself: under the Bernoulli decoder an image's error cannot go below its own pixel
 * entropy, which is low for dark or flat pictures, so the raw error ranks a dark image from another source among the
 * best reconstructed even when it is reconstructed badly (measured: planted Fashion-MNIST items in synthetic faces
 * came last by raw error).
 *
 * <p>Each component is standardised robustly over the data, (x − median) / (IQR / 1.349), the IQR of a normal
 * distribution being 1.349 standard deviations, so that a few extreme images (the outliers sought) do not set the
 * scale. The density component is negated (rarer is higher). The score is
 *
 * <pre>   score = w · reconstruction_score + (1 − w) · density_score</pre>
 *
 * with w the reconstruction weight: 1 scores by reconstruction alone, 0 by latent density alone.
 *
 * <p>Immutable and serialisable, so Spark tasks can score rows with it.
 */
public final class OutlierScoring implements Serializable {
  private static final long serialVersionUID = 1L;
  /** The IQR of a standard normal distribution. */
  static final double NORMAL_IQR = 1.3489795003921634;
  /**
   * How far below the typical log k-th-neighbour distance a distance is taken as: a row with k or more identical
   * latents (distance zero) gets the density of distance e^−30 times the typical one, large and finite.
   */
  static final double MIN_LOG_RADIUS_BELOW_TYPICAL = 30;

  private final Scale reconstruction;
  private final Scale density;
  private final double reconWeight;

  /**
   * How one component is standardised.
   *
   * @param median the median over the data
   * @param interquartileRange the 75th minus the 25th percentile
   */
  @com.fasterxml.jackson.databind.annotation.JsonNaming(
      com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Scale(double median, double interquartileRange) implements Serializable {
    /** A scale from the 25th, 50th and 75th percentiles. */
    public static Scale ofQuartiles(double[] quartiles) {
      if (quartiles.length != 3 || !(quartiles[0] <= quartiles[1] && quartiles[1] <= quartiles[2])) {
        throw new IllegalArgumentException("Cannot standardise with quartiles " + java.util.Arrays.toString(quartiles)
            + ", there must be three in ascending order.");
      }
      return new Scale(quartiles[1], quartiles[2] - quartiles[0]);
    }

    /** The robust standard deviation, IQR / 1.349; a tiny positive value when the IQR is 0. */
    public double deviation() {
      double floor = 1e-12 * Math.max(1.0, Math.abs(median));
      return Math.max(interquartileRange / NORMAL_IQR, floor);
    }

    /** (x − median) / deviation. */
    public double standardise(double x) {
      return (x - median) / deviation();
    }
  }

  private OutlierScoring(Scale reconstruction, Scale density, double reconWeight) {
    this.reconstruction = reconstruction;
    this.density = density;
    this.reconWeight = reconWeight;
  }

  /**
   * Scoring with the given scales.
   *
   * @param reconstruction the scale of the reconstruction excesses
   * @param density the scale of the relative log densities
   * @param reconWeight w, in [0, 1]
   */
  public static OutlierScoring of(Scale reconstruction, Scale density, double reconWeight) {
    if (!(reconWeight >= 0 && reconWeight <= 1)) {
      throw new IllegalArgumentException(String.format(
          "Cannot set the reconstruction weight to %s, the value must be in [0, 1].", reconWeight));
    }
    return new OutlierScoring(reconstruction, density, reconWeight);
  }

  /**
   * The log density of a row from its log k-th-neighbour distance; a distance of zero counts as
   * {@link #MIN_LOG_RADIUS_BELOW_TYPICAL} nats below the typical one, so every finite row gets a finite value. NaN
   * (a latent that is not finite) stays NaN.
   */
  public static double logDensity(KnnDensity knn, double logRadius) {
    double floor = knn.meanLogRadius() - MIN_LOG_RADIUS_BELOW_TYPICAL;
    return knn.logRelativeDensity(logRadius < floor ? floor : logRadius);
  }

  /** The standardised reconstruction excess: how much worse than the median image it is reconstructed. */
  public double reconstructionScore(double reconExcess) {
    return reconstruction.standardise(reconExcess);
  }

  /** The standardised rarity: how much less dense than the median image's its latent neighbourhood is. */
  public double densityScore(double logDensity) {
    return -density.standardise(logDensity);
  }

  /** The outlier score; NaN when a component is not finite. */
  public double score(double reconExcess, double logDensity) {
    double r = reconstructionScore(reconExcess);
    double d = densityScore(logDensity);
    if (!Double.isFinite(r) || !Double.isFinite(d)) {
      return Double.NaN;
    }
    return reconWeight * r + (1 - reconWeight) * d;
  }

  /** The scale of the reconstruction excesses. */
  public Scale reconstruction() {
    return reconstruction;
  }

  /** The scale of the relative log densities. */
  public Scale density() {
    return density;
  }

  /** w, the reconstruction component's weight. */
  public double reconWeight() {
    return reconWeight;
  }
}
