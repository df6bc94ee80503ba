package dev.dgmspark.debias.spark;

import dev.dgmspark.debias.Combine;
import dev.dgmspark.debias.DebiasDefaults;
import dev.dgmspark.debias.DensityEstimator;
import dev.dgmspark.debias.KnnSettings;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code debias} is asked to do.
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
 * @param estimator the density estimate: k-NN in the joint space or per-dimension histograms
 * @param knn the k-NN settings (its alpha is used when the estimator is k-NN)
 * @param features latent means or raw pixels
 */
public record DebiasOptions(String data, String model, String latents, String out, double alpha, int bins,
    Combine combine, long size, long seed, boolean overwrite, DensityEstimator estimator, KnnSettings knn,
    FeatureSource features) {

  /**
   * The options as before the k-NN estimator existed: per-dimension histograms of the latent means with
   * {@code alpha}, {@code bins} and {@code combine}.
   */
  public DebiasOptions(String data, String model, String latents, String out, double alpha, int bins,
      Combine combine, long size, long seed, boolean overwrite) {
    this(data, model, latents, out, alpha, bins, combine, size, seed, overwrite, DensityEstimator.HISTOGRAM,
        KnnSettings.defaults(), FeatureSource.LATENT);
  }

  /** Default debias options (the default estimator and its settings) for these folders. */
  public static DebiasOptions defaults(String data, String model, String latents, String out, long seed,
      boolean overwrite) {
    return new DebiasOptions(data, model, latents, out, DebiasDefaults.ALPHA, DebiasDefaults.BINS,
        DebiasDefaults.COMBINE, 0, seed, overwrite, DebiasDefaults.ESTIMATOR, KnnSettings.defaults(),
        FeatureSource.LATENT);
  }

  public DebiasOptions withEstimator(DensityEstimator value) {
    return new DebiasOptions(data, model, latents, out, alpha, bins, combine, size, seed, overwrite, value, knn,
        features);
  }

  public DebiasOptions withKnn(KnnSettings value) {
    return new DebiasOptions(data, model, latents, out, alpha, bins, combine, size, seed, overwrite, estimator, value,
        features);
  }

  public DebiasOptions withFeatures(FeatureSource value) {
    return new DebiasOptions(data, model, latents, out, alpha, bins, combine, size, seed, overwrite, estimator, knn,
        value);
  }

  public Map<String, Object> asMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("data", data);
    map.put("model", model);
    map.put("latents", latents);
    map.put("out", out);
    map.put("estimator", estimator.toString().toLowerCase(Locale.ROOT));
    map.put("features", features.toString().toLowerCase(Locale.ROOT));
    map.put("alpha", estimator == DensityEstimator.KNN ? knn.alpha() : alpha);
    map.put("bins", bins);
    map.put("combine", combine.toString().toLowerCase(Locale.ROOT));
    map.put("k", knn.k());
    map.put("gamma", knn.gamma());
    map.put("reference_size", knn.referenceSize());
    map.put("density_dims", knn.exponentDims());
    map.put("size", size);
    map.put("seed", seed);
    map.put("overwrite", overwrite);
    return map;
  }
}
