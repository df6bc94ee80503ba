package dev.dgmspark.cli;

import dev.dgmspark.debias.Combine;
import dev.dgmspark.debias.DebiasDefaults;
import dev.dgmspark.debias.DebiasSummary;
import dev.dgmspark.debias.DensityEstimator;
import dev.dgmspark.debias.KnnSettings;
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
        "Weight every image by how rare its latent position is and draw a seeded resample with replacement.",
        "knn (default): a k-nearest-neighbour density in the joint latent space against a seeded reference sample;",
        "histogram: per-dimension histograms of the VAE's means (DB-VAE, Amini et al. 2019; MIT 6.S191 lab 2).",
        "Writes manifest.parquet and manifest.jsonl (id, path, weight, count), weights.parquet (every row),",
        "report.html, and summary.json with attribute shares before and after."})
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
      description = "knn (joint latent density) or histogram (per-dimension histograms, see --combine). Default: "
          + DebiasDefaults.ESTIMATOR_NAME + ".")
  DensityEstimator estimator;

  @Option(names = "--features", defaultValue = "latent", paramLabel = "WHAT",
      converter = LowerCaseEnums.FeatureSourceConverter.class,
      description = "latent (the VAE's means; needs --model or --latents) or pixels (raw pixels, no model: the "
          + "baseline). Default: ${DEFAULT-VALUE}.")
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
    if (alpha != null) {
      // --alpha is the estimator's own smoothing: a bin density's (> 0) or a relative density's floor (>= 0).
      Validation.inRange(spec, "--alpha", alpha, est == DensityEstimator.HISTOGRAM ? Double.MIN_NORMAL : 0.0, 1e12);
    }
    Validation.inRange(spec, "--bins", bins, 2, 10_000);
    Validation.inRange(spec, "--gamma", gamma, 0.0, 4.0);
    knnOptions.validate(spec);
    Validation.inRange(spec, "--size", size, 0, Long.MAX_VALUE / 4);
    if (features == FeatureSource.LATENT && model == null && latents == null) {
      throw Validation.invalid(spec, "--model", "give --model (to encode the data) or --latents, or --features pixels");
    }
    if (features == FeatureSource.PIXELS && (model != null || latents != null)) {
      throw Validation.invalid(spec, "--features", "pixels uses no model; drop --model and --latents");
    }
    KnnSettings knn = new KnnSettings(knnOptions.k, gamma, DebiasDefaults.KNN_ALPHA, knnOptions.referenceSize,
        knnOptions.densityDims);
    DebiasOptions options = DebiasOptions.of(data, out).withModel(model).withLatents(latents).withFeatures(features)
        .withEstimator(est).withBins(bins).withCombine(combine != null ? combine : DebiasDefaults.COMBINE)
        .withKnn(knn).withSize(size).withSeed(seed).withOverwrite(overwrite);
    if (alpha == null) {
      return options;
    }
    return est == DensityEstimator.HISTOGRAM ? options.withAlpha(alpha) : options.withKnn(knn.withAlpha(alpha));
  }
}
