package dev.dgmspark.cli;

import dev.dgmspark.debias.Combine;
import dev.dgmspark.debias.DebiasDefaults;
import dev.dgmspark.debias.DebiasSummary;
import dev.dgmspark.debias.DensityEstimator;
import dev.dgmspark.debias.KnnSettings;
import dev.dgmspark.debias.MultiScaleSettings;
import dev.dgmspark.debias.spark.FeatureSource;
import dev.dgmspark.debias.spark.DebiasJob;
import dev.dgmspark.debias.spark.DebiasOptions;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dgm debias}: a debiased dataset manifest from a VAE's latent space (DB-VAE). */
@Command(name = "debias", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Weight every image by how rare its latent position is and draw a seeded resample with replacement. "
        + "multiscale (default): k-nearest-neighbour rarity at several neighbourhood sizes in the joint latent "
        + "space and, by default, in the images' coarse appearance (rare in either is rare), with the strength set so "
        + "the weights keep a target effective sample size; knn: one k-NN density; "
        + "histogram: per-dimension histograms of the VAE's means (DB-VAE, Amini et al. 2019; MIT 6.S191 lab 2). "
        + "Writes manifest.parquet and manifest.jsonl (id, path, weight, count), weights.parquet (every row), "
        + "report.html, and summary.json with attribute shares before and after."})
final class DebiasCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--data", required = true, paramLabel = "DIR|URI", description = "Shard folder.")
  String data;

  @Option(names = "--model", paramLabel = "DIR|URI", description = "Model folder; the data is encoded first.")
  String model;

  @Option(names = "--latents", paramLabel = "DIR|URI", description = "Latents from 'dgm encode' (skips encoding).")
  String latents;

  @Option(names = "--out", required = true, paramLabel = "DIR|URI", description = "Output folder.")
  String out;

  @Option(names = "--estimator", paramLabel = "EST", converter = LowerCaseEnums.DensityEstimatorConverter.class,
      description = "multiscale (k-NN rarity at --scales), knn (one k-NN density, see --k, --gamma) or histogram "
          + "(per-dimension histograms, see --combine). Default: "
          + DebiasDefaults.ESTIMATOR_NAME + ".")
  DensityEstimator estimator;

  @Option(names = "--features", paramLabel = "WHAT", converter = LowerCaseEnums.FeatureSourceConverter.class,
      description = "latent+appearance (the VAE's means and the images' coarse appearance, the top principal "
          + "components of 8x8 thumbnails, each its own space: rare in either is rare; multiscale only), latent (the "
          + "means alone), appearance or pixels (no model: baselines). latent and latent+appearance need --model or "
          + "--latents. Default: latent+appearance for multiscale, latent for the other estimators.")
  FeatureSource features;

  @Option(names = "--alpha", paramLabel = "A",
      description = "Smoothing: smaller debiases harder. histogram: added to each bin density, > 0, default "
          + DebiasDefaults.ALPHA + ". knn: floor added to the relative density (1 = typical), >= 0, default "
          + DebiasDefaults.KNN_ALPHA + ".")
  Double alpha;

  @Option(names = "--gamma", defaultValue = "" + DebiasDefaults.KNN_GAMMA, paramLabel = "G",
      description = "knn: strength, weight = (relative density + alpha)^-gamma; 0 (no change) to 4, 1 = uniform "
          + "over the latent space. Default: ${DEFAULT-VALUE}.")
  double gamma;

  @Option(names = "--scales", split = ",", paramLabel = "S,S",
      description = "multiscale: neighbourhood sizes as shares of the reference rows, each 0.001 to 0.9; a row rare "
          + "at any of them is rare. Default: " + DebiasDefaults.SCALES_NAME + ".")
  java.util.List<Double> scales;

  @Option(names = "--target-ess", defaultValue = "" + DebiasDefaults.TARGET_ESS, paramLabel = "F",
      description = "multiscale: the weights' effective sample size as a share of the rows, 0.01 to 1; smaller "
          + "debiases harder. Default: ${DEFAULT-VALUE}.")
  double targetEss;

  @Option(names = "--bins", defaultValue = "10", paramLabel = "N",
      description = "Histogram bins per latent dimension; 2 to 10000. Default: ${DEFAULT-VALUE}.")
  int bins;

  @Option(names = "--combine", paramLabel = "HOW", converter = LowerCaseEnums.CombineConverter.class,
      description = "product (the paper: product of per-dimension terms, in log space) or max (MIT lab 2: max of "
          + "normalised per-dimension terms). Default: " + DebiasDefaults.COMBINE_NAME + ".")
  Combine combine;

  @Option(names = "--size", defaultValue = "0", paramLabel = "N",
      description = "Rows to draw (0: the input's row count).")
  long size;

  @Option(names = "--seed", defaultValue = "42", paramLabel = "S", description = "Seed. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--overwrite", description = "Replace a finished run in --out.")
  boolean overwrite;

  @Mixin KnnOptions knnOptions;

  @Mixin SparkOptions sparkOptions;

  @Override
  public Integer call() throws Exception {
    DebiasOptions options = options();
    try (SparkSession spark = sparkOptions.session("debias")) {
      DebiasSummary summary = DebiasJob.run(spark, options);
      PrintWriter outWriter = spec.commandLine().getOut();
      outWriter.printf("debias (%s on %s): %s rows -> %s drawn (%s distinct), effective sample size %s%n",
          summary.estimator(), summary.features(), summary.inputRows(), summary.outputRows(),
          summary.distinctRowsDrawn(), summary.effectiveSampleSize());
      outWriter.printf("manifest: %s/manifest.jsonl, weights: %s/weights.parquet, summary: %s/summary.json%n",
          summary.out(), summary.out(), summary.out());
      outWriter.flush();
    }
    return 0;
  }

  DebiasOptions options() {
    DensityEstimator est = estimator != null ? estimator : DebiasDefaults.ESTIMATOR;
    if (alpha != null && est == DensityEstimator.MULTISCALE) {
      throw Validation.invalid(spec, "--alpha", "multiscale has no smoothing floor; set --target-ess, or give "
          + "--estimator knn or histogram");
    }
    if (alpha != null) {
      // --alpha is the estimator's own smoothing: a bin density's (> 0) or a relative density's floor (>= 0).
      Validation.inRange(spec, "--alpha", alpha, est == DensityEstimator.HISTOGRAM ? Double.MIN_NORMAL : 0.0, 1e12);
    }
    Validation.inRange(spec, "--bins", bins, 2, 10_000);
    Validation.inRange(spec, "--gamma", gamma, 0.0, 4.0);
    knnOptions.validate(spec);
    Validation.inRange(spec, "--target-ess", targetEss, 0.01, 1.0);
    if (scales != null) {
      if (scales.isEmpty()) {
        throw Validation.invalid(spec, "--scales", "give at least one share");
      }
      for (double share : scales) {
        Validation.inRange(spec, "--scales", share, 0.001, 0.9);
      }
    }
    Validation.inRange(spec, "--size", size, 0, Long.MAX_VALUE / 4);
    FeatureSource judged = features != null ? features
        : DebiasOptions.of(data, out).withEstimator(est).features();
    if (judged == FeatureSource.LATENT_APPEARANCE && est != DensityEstimator.MULTISCALE) {
      throw Validation.invalid(spec, "--features", judged.label() + " needs --estimator multiscale; give "
          + "--features latent (or appearance, pixels) with " + est.label());
    }
    if (judged.usesLatents() && model == null && latents == null) {
      throw Validation.invalid(spec, "--model",
          "give --model (to encode the data) or --latents, or --features appearance or pixels");
    }
    if (!judged.usesLatents() && (model != null || latents != null)) {
      throw Validation.invalid(spec, "--features", judged.label() + " uses no model; drop --model and --latents");
    }
    KnnSettings knn = new KnnSettings(knnOptions.k, gamma, DebiasDefaults.KNN_ALPHA, knnOptions.referenceSize,
        knnOptions.densityDims);
    DebiasOptions options = DebiasOptions.of(data, out).withModel(model).withLatents(latents).withFeatures(features)
        .withEstimator(est).withBins(bins).withCombine(combine != null ? combine : DebiasDefaults.COMBINE)
        .withKnn(knn).withMultiScale(new MultiScaleSettings(scales != null ? scales : DebiasDefaults.SCALES,
            targetEss, knnOptions.referenceSize)).withSize(size).withSeed(seed).withOverwrite(overwrite);
    if (alpha == null) {
      return options;
    }
    return est == DensityEstimator.HISTOGRAM ? options.withAlpha(alpha) : options.withKnn(knn.withAlpha(alpha));
  }
}
