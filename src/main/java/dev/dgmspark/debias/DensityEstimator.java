package dev.dgmspark.debias;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How the debias job estimates how rare each image's latent position is. */
public enum DensityEstimator {
  /**
   * A k-nearest-neighbour density in the joint latent space, against a bounded seeded reference sample
   * ({@link KnnDensity}): rare combinations of latent coordinates are found, not only rare single coordinates.
   */
  KNN,

  /**
   * k-NN rarity at several neighbourhood sizes at once, with the strength calibrated to a target effective sample size
   * ({@link MultiScaleRarity}): finds small tight groups (which one small k calls dense) as well as sparse regions.
   */
  MULTISCALE,

  /**
   * Per-dimension histograms (the DB-VAE paper and MIT 6.S191 lab 2, {@link DebiasWeights}): each coordinate's
   * rarity on its own, combined by {@link Combine}.
   */
  HISTOGRAM;

  /**
   * The name as the command line and {@code summary.json} spell it: {@code knn}, {@code multiscale},
   * {@code histogram}.
   */
  @JsonValue
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
