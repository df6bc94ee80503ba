package dev.dgmspark.debias.spark;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.dgmspark.debias.Combine;
import dev.dgmspark.debias.DebiasDefaults;
import dev.dgmspark.debias.DensityEstimator;
import dev.dgmspark.debias.KnnSettings;
import dev.dgmspark.debias.MultiScaleSettings;

/**
 * What {@code debias} is asked to do; recorded as is (snake_case) in the provenance of {@code summary.json}.
 *
 * <p>Start from {@link #of}, name the latents' source with {@link #withModel} or {@link #withLatents} (or judge by raw
 * pixels with {@link #withFeatures}), and change other values with the {@code withX} methods; the defaults are
 * {@link DebiasDefaults}'.
 *
 * @param data shard folder
 * @param model model folder, used to encode the shards when {@code latents} is null
 * @param latents latents folder from {@code encode}, or null
 * @param out output folder
 * @param alpha smoothing of the histogram densities: smaller debiases harder
 * @param bins histogram bins per latent dimension
 * @param combine how the per-dimension terms combine into a weight
 * @param size rows to draw; 0 draws as many as the input has
 * @param seed resampling seed (also the reference sample's seed)
 * @param overwrite replace a finished run in {@code out}
 * @param estimator the density estimate: multiscale k-NN, k-NN in the joint space or per-dimension histograms
 * @param knn the k-NN settings (its alpha is used when the estimator is k-NN)
 * @param features what rarity is judged by; null for the estimator's default ({@link #features()})
 * @param multiscale the multiscale settings
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DebiasOptions(String data, String model, String latents, String out, double alpha, int bins,
    Combine combine, long size, long seed, boolean overwrite, DensityEstimator estimator, KnnSettings knn,
    FeatureSource features, MultiScaleSettings multiscale) {
  public static final long DEFAULT_SEED = 42;

  /** Debiases the shards in {@code data} into {@code out}, at the defaults; give a model or latents next. */
  public static DebiasOptions of(String data, String out) {
    return new DebiasOptions(data, null, null, out, DebiasDefaults.ALPHA, DebiasDefaults.BINS,
        DebiasDefaults.COMBINE, 0, DEFAULT_SEED, false, DebiasDefaults.ESTIMATOR, KnnSettings.defaults(),
        null, MultiScaleSettings.defaults());
  }

  public DebiasOptions withModel(String value) {
    return new DebiasOptions(data, value, latents, out, alpha, bins, combine, size, seed, overwrite, estimator, knn,
        features, multiscale);
  }

  public DebiasOptions withLatents(String value) {
    return new DebiasOptions(data, model, value, out, alpha, bins, combine, size, seed, overwrite, estimator, knn,
        features, multiscale);
  }

  public DebiasOptions withAlpha(double value) {
    return new DebiasOptions(data, model, latents, out, value, bins, combine, size, seed, overwrite, estimator, knn,
        features, multiscale);
  }

  public DebiasOptions withBins(int value) {
    return new DebiasOptions(data, model, latents, out, alpha, value, combine, size, seed, overwrite, estimator, knn,
        features, multiscale);
  }

  public DebiasOptions withCombine(Combine value) {
    return new DebiasOptions(data, model, latents, out, alpha, bins, value, size, seed, overwrite, estimator, knn,
        features, multiscale);
  }

  public DebiasOptions withSize(long value) {
    return new DebiasOptions(data, model, latents, out, alpha, bins, combine, value, seed, overwrite, estimator, knn,
        features, multiscale);
  }

  public DebiasOptions withSeed(long value) {
    return new DebiasOptions(data, model, latents, out, alpha, bins, combine, size, value, overwrite, estimator, knn,
        features, multiscale);
  }

  public DebiasOptions withOverwrite(boolean value) {
    return new DebiasOptions(data, model, latents, out, alpha, bins, combine, size, seed, value, estimator, knn,
        features, multiscale);
  }

  public DebiasOptions withEstimator(DensityEstimator value) {
    return new DebiasOptions(data, model, latents, out, alpha, bins, combine, size, seed, overwrite, value, knn,
        features, multiscale);
  }

  public DebiasOptions withKnn(KnnSettings value) {
    return new DebiasOptions(data, model, latents, out, alpha, bins, combine, size, seed, overwrite, estimator, value,
        features, multiscale);
  }

  public DebiasOptions withMultiScale(MultiScaleSettings value) {
    return new DebiasOptions(data, model, latents, out, alpha, bins, combine, size, seed, overwrite, estimator, knn,
        features, value);
  }

  public DebiasOptions withFeatures(FeatureSource value) {
    return new DebiasOptions(data, model, latents, out, alpha, bins, combine, size, seed, overwrite, estimator, knn,
        value, multiscale);
  }

  /**
   * What rarity is judged by: as given, or by default the latent means with the images' appearance for the
   * multiscale estimator (it judges each feature space on its own) and the latent means alone for the others.
   */
  @Override
  public FeatureSource features() {
    if (features != null) {
      return features;
    }
    return estimator == DensityEstimator.MULTISCALE ? FeatureSource.LATENT_APPEARANCE : FeatureSource.LATENT;
  }

  /**
   * The smoothing the chosen estimator uses: {@link #alpha} for histograms, the k-NN settings' for k-NN, 0 for
   * multiscale (it has none: the cap at the rarest reference row bounds its weights).
   */
  public double estimatorAlpha() {
    return switch (estimator) {
      case KNN -> knn.alpha();
      case MULTISCALE -> 0.0;
      case HISTOGRAM -> alpha;
    };
  }

  /** The estimator and its settings, as {@link LatentWeights} takes them. */
  public dev.dgmspark.debias.DensitySettings density() {
    return new dev.dgmspark.debias.DensitySettings(estimator, bins, alpha, combine, knn, multiscale);
  }
}
