package dev.dgmspark.debias;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.io.Serializable;

/**
 * How rare a latent position is judged: the estimator and its settings, as the debias job and DB-VAE's per-epoch
 * resampling both use them; recorded (snake_case) in summaries and model descriptions.
 *
 * @param estimator k-NN in the joint latent space or per-dimension histograms
 * @param bins histogram bins per latent dimension (histogram estimator)
 * @param alpha smoothing of the histogram densities: smaller debiases harder (histogram estimator)
 * @param combine how the per-dimension terms combine into a weight (histogram estimator)
 * @param knn the k-NN settings (k-NN estimator)
 * @param multiscale the multiscale settings (multiscale estimator)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DensitySettings(DensityEstimator estimator, int bins, double alpha, Combine combine, KnnSettings knn,
    MultiScaleSettings multiscale) implements Serializable {

  /** The debias job's defaults ({@link DebiasDefaults}). */
  public static DensitySettings defaults() {
    return new DensitySettings(DebiasDefaults.ESTIMATOR, DebiasDefaults.BINS, DebiasDefaults.ALPHA,
        DebiasDefaults.COMBINE, KnnSettings.defaults(), MultiScaleSettings.defaults());
  }

  public DensitySettings withEstimator(DensityEstimator value) {
    return new DensitySettings(value, bins, alpha, combine, knn, multiscale);
  }

  public DensitySettings withAlpha(double value) {
    return new DensitySettings(estimator, bins, value, combine, knn, multiscale);
  }

  public DensitySettings withCombine(Combine value) {
    return new DensitySettings(estimator, bins, alpha, value, knn, multiscale);
  }

  public DensitySettings withMultiScale(MultiScaleSettings value) {
    return new DensitySettings(estimator, bins, alpha, combine, knn, value);
  }

  public DensitySettings withKnn(KnnSettings value) {
    return new DensitySettings(estimator, bins, alpha, combine, value, multiscale);
  }
}
