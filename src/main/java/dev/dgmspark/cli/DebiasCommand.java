package dev.dgmspark.cli;

import dev.dgmspark.debias.Combine;
import dev.dgmspark.debias.DebiasDefaults;
import dev.dgmspark.debias.DebiasSummary;
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
        "Weight every image by how rare its latent position is (per-dimension histograms of the VAE's means,",
        "DB-VAE, Amini et al. 2019) and draw a seeded resample with replacement. Writes manifest.parquet and",
        "manifest.jsonl (id, path, weight, count), weights.parquet (every row), and summary.json with attribute",
        "shares before and after."})
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

  @Option(names = "--alpha", defaultValue = "0.001", paramLabel = "A",
      description = "Density smoothing: smaller debiases harder; > 0. Default: ${DEFAULT-VALUE}.")
  double alpha;

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

  @Mixin SparkOptions sparkOptions;

  @Override
  public Integer call() throws Exception {
    DebiasOptions options = options();
    try (SparkSession spark = sparkOptions.session("debias")) {
      DebiasSummary summary = DebiasJob.run(spark, options);
      PrintWriter outWriter = spec.commandLine().getOut();
      outWriter.printf("debias: %s rows -> %s drawn (%s distinct), effective sample size %s%n",
          summary.inputRows(), summary.outputRows(), summary.distinctRowsDrawn(), summary.effectiveSampleSize());
      outWriter.printf("manifest: %s/manifest.jsonl, weights: %s/weights.parquet, summary: %s/summary.json%n",
          summary.out(), summary.out(), summary.out());
      outWriter.flush();
    }
    return 0;
  }

  DebiasOptions options() {
    Validation.inRange(spec, "--alpha", alpha, Double.MIN_NORMAL, 1e12);
    Validation.inRange(spec, "--bins", bins, 2, 10_000);
    Validation.inRange(spec, "--size", size, 0, Long.MAX_VALUE / 4);
    if (model == null && latents == null) {
      throw Validation.invalid(spec, "--model", "give --model (to encode the data) or --latents");
    }
    return DebiasOptions.of(data, out).withModel(model).withLatents(latents).withAlpha(alpha).withBins(bins)
        .withCombine(combine != null ? combine : DebiasDefaults.COMBINE).withSize(size).withSeed(seed)
        .withOverwrite(overwrite);
  }
}
