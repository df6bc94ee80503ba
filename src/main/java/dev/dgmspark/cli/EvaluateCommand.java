package dev.dgmspark.cli;

import dev.dgmspark.evaluate.EvaluateOptions;
import dev.dgmspark.sample.SamplingOptions;
import dev.dgmspark.evaluate.EvaluationSummary;
import dev.dgmspark.evaluate.HeldOutSplit;
import dev.dgmspark.evaluate.ManifoldPrecisionRecall;
import dev.dgmspark.evaluate.spark.EvaluateJob;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dgm evaluate}: a generator measured against held-out real images in a fixed feature space. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Measure a generator (a model folder from train, or shards of generated images) against held-out real "
        + "images of --data, in the feature space of a network trained once per dataset: Frechet distance beside "
        + "the real-vs-real floor, precision and recall (k-NN manifolds), a classifier two-sample test, attribute "
        + "coverage and sampling speed. Writes <out>/evaluation.json, <out>/index.html, the real and generated "
        + "grids and, when no --feature-model is given, the feature model it trains in <out>/feature-model (reuse "
        + "it next time)."})
final class EvaluateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Generator generator;

  /** Where the generated images come from: exactly one. */
  static final class Generator {
    @Option(names = "--model", required = true, paramLabel = "DIR|URI",
        description = "Model folder (from train): gan, cgan, vae, betavae, ae or diffusion.")
    String model;

    @Option(names = "--samples", required = true, paramLabel = "DIR|URI",
        description = "Shard folder of generated images (e.g. <generate --out>/shards) instead of --model.")
    String samples;
  }

  @Option(names = "--data", required = true, paramLabel = "DIR|URI",
      description = "Shard folder of the real images (from 'dgm shard').")
  String data;

  @Option(names = "--out", required = true, paramLabel = "DIR|URI", description = "Output folder.")
  String out;

  @Option(names = "--feature-model", paramLabel = "DIR|URI",
      description = "Feature model folder from an earlier run (<out>/feature-model); default: train one on --data.")
  String featureModel;

  @Option(names = "--count", defaultValue = "0", paramLabel = "N",
      description = "Generated images to measure; 0 to 100000. Default 0: as many as the held-out floor half.")
  int count;

  @Option(names = "--seed", defaultValue = "42", paramLabel = "S",
      description = "Seed (noise, two-sample test; feature network and split when one is trained). "
          + "Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--k", defaultValue = "" + ManifoldPrecisionRecall.DEFAULT_K, paramLabel = "K",
      description = "Neighbour whose distance is a manifold ball's radius (precision, recall); 2 to 50. "
          + "Default: ${DEFAULT-VALUE}.")
  int k;

  @Option(names = "--held-out-share", defaultValue = "" + HeldOutSplit.DEFAULT_HELD_OUT_SHARE, paramLabel = "F",
      description = "When a feature model is trained: share of the rows held out from it, the real images "
          + "measured against; 0.02 to 0.9. Default: ${DEFAULT-VALUE}.")
  double heldOutShare;

  @Option(names = "--feature-epochs", defaultValue = "" + EvaluateOptions.DEFAULT_FEATURE_EPOCHS, paramLabel = "N",
      description = "When a feature model is trained: its epochs; 1 to 200. Default: ${DEFAULT-VALUE}.")
  int featureEpochs;

  @Option(names = "--feature-images", defaultValue = "" + EvaluateOptions.DEFAULT_FEATURE_IMAGES,
      paramLabel = "N", description = "When a feature model is trained: training images, at most; 20 to 1000000. "
          + "Default: ${DEFAULT-VALUE}.")
  int featureImages;

  @Option(names = "--steps", paramLabel = "N",
      description = "diffusion: denoising steps, 1 to the model's timesteps (all of them with --eta 1 is DDPM's "
          + "ancestral sampler). Default: 50 (DDIM).")
  Integer steps;

  @Option(names = "--eta", paramLabel = "ETA",
      description = "diffusion: DDIM's eta, 0 (deterministic for a seed) to 1. Default: 0.")
  Double eta;

  @Option(names = "--overwrite", description = "Replace a finished run in --out.")
  boolean overwrite;

  @Mixin SparkOptions sparkOptions;

  @Override
  public Integer call() throws Exception {
    Validation.inRange(spec, "--count", count, 0, 100_000);
    Validation.inRange(spec, "--k", k, 2, 50);
    Validation.inRange(spec, "--held-out-share", heldOutShare, 0.02, 0.9);
    Validation.inRange(spec, "--feature-epochs", featureEpochs, 1, 200);
    Validation.inRange(spec, "--feature-images", featureImages, 20, 1_000_000);
    if (steps != null) {
      Validation.inRange(spec, "--steps", steps, 1, 100_000);
    }
    if (eta != null) {
      Validation.inRange(spec, "--eta", eta, 0.0, 1.0);
    }
    EvaluateOptions options = (generator.model != null ? EvaluateOptions.ofModel(generator.model, data, out)
        : EvaluateOptions.ofSamples(generator.samples, data, out)).withFeatureModel(featureModel).withCount(count)
        .withSeed(seed).withK(k).withHeldOutShare(heldOutShare).withFeatureEpochs(featureEpochs)
        .withFeatureImages(featureImages).withOverwrite(overwrite).withSampling(new SamplingOptions(steps, eta));
    try (SparkSession spark = sparkOptions.session("evaluate")) {
      EvaluationSummary s = EvaluateJob.run(spark, options);
      PrintWriter o = spec.commandLine().getOut();
      o.printf(Locale.ROOT, "evaluate: %s, %d generated vs %d held-out real images%n", s.modelKind(),
          s.generatedImages(), s.realImages());
      o.printf(Locale.ROOT, "  frechet_distance %.3f (real-vs-real floor %.3f, ratio %s)%n", s.frechetDistance(),
          s.frechetFloor(), s.frechetRatio() == null ? "-" : String.format(Locale.ROOT, "%.2f", s.frechetRatio()));
      o.printf(Locale.ROOT, "  precision %.3f, recall %.3f (floor %.3f, %.3f), c2st_accuracy %.3f (floor %.3f)%n",
          s.precision(), s.recall(), s.realVsReal().precision(), s.realVsReal().recall(), s.c2stAccuracy(),
          s.realVsReal().c2stAccuracy());
      if (s.attributes() != null) {
        o.printf(Locale.ROOT, "  attribute coverage %d/%d, mean TV distance %.3f%n", s.attributes().valuesCovered(),
            s.attributes().valuesChecked(), s.attributes().meanTvDistance());
      }
      if (s.imagesPerSecond() != null) {
        String sampler = s.sampling().sampler() == null ? "" : String.format(Locale.ROOT, " (%s, %d steps, eta %s)",
            s.sampling().sampler(), s.sampling().steps(), s.sampling().eta());
        o.printf(Locale.ROOT, "  sampling %.1f images/s, %.2f ms per image alone%s%n", s.imagesPerSecond(),
            s.latencyMsPerImage(), sampler);
      }
      if (s.featureModel().trainedNow()) {
        o.printf("  feature model trained and saved in %s; reuse it with --feature-model %s%n",
            s.featureModel().folder(), s.featureModel().folder());
      }
      o.printf("  report: %s%n", s.report());
      o.flush();
    }
    return 0;
  }
}
