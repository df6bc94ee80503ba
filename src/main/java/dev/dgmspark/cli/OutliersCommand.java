package dev.dgmspark.cli;

import dev.dgmspark.debias.DebiasDefaults;
import dev.dgmspark.outliers.OutliersOptions;
import dev.dgmspark.outliers.OutliersSummary;
import dev.dgmspark.outliers.spark.OutliersJob;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dgm outliers}: images ranked by how badly a VAE reconstructs them and how rare their latents are. */
@Command(name = "outliers", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Score every image by its VAE reconstruction error (minus the image's own floor under the decoder's "
        + "likelihood) and the k-NN density of its latent mean (the debias estimator), each standardised over the "
        + "data, and rank them. Writes <out>/outliers.parquet and <out>/outliers.jsonl (rank, id, path, score, "
        + "recon_error, recon_excess, log_density, recon_score, density_score; every image, highest score first), "
        + "<out>/report.html (the top images) and <out>/summary.json."})
final class OutliersCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--data", required = true, paramLabel = "DIR|URI", description = "Shard folder.")
  String data;

  @Option(names = "--model", required = true, paramLabel = "DIR|URI",
      description = "Model folder (vae, betavae or ae); the data is encoded with it unless --latents is given.")
  String model;

  @Option(names = "--latents", paramLabel = "DIR|URI",
      description = "Latents from 'dgm encode' with --model (skips encoding).")
  String latents;

  @Option(names = "--out", required = true, paramLabel = "DIR|URI", description = "Output folder.")
  String out;

  @Option(names = "--top", defaultValue = "" + OutliersOptions.DEFAULT_TOP, paramLabel = "N",
      description = "Highest-scoring images in the report and the summary; 1 to 1000. Default: ${DEFAULT-VALUE}.")
  int top;

  @Option(names = "--recon-weight", defaultValue = "" + OutliersOptions.DEFAULT_RECON_WEIGHT, paramLabel = "W",
      description = "Weight of the reconstruction score; the density score gets 1 - W. 0 (density only) to 1 "
          + "(reconstruction only). Default: ${DEFAULT-VALUE}.")
  double reconWeight;

  @Option(names = "--seed", defaultValue = "" + OutliersOptions.DEFAULT_SEED, paramLabel = "S",
      description = "Seed of the reference sample. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--overwrite", description = "Replace a finished run in --out.")
  boolean overwrite;

  @Mixin KnnOptions knnOptions;

  @Mixin SparkOptions sparkOptions;

  @Override
  public Integer call() throws Exception {
    OutliersOptions options = options();
    try (SparkSession spark = sparkOptions.session("outliers")) {
      OutliersSummary s = OutliersJob.run(spark, options);
      PrintWriter o = spec.commandLine().getOut();
      o.printf(Locale.ROOT, "outliers: %d images scored (%d without a finite score), reconstruction weight %s%n",
          s.rows(), s.rowsWithoutFiniteScores(), s.reconWeight());
      for (OutliersSummary.Outlier outlier : s.topImages().subList(0, Math.min(5, s.topImages().size()))) {
        o.printf(Locale.ROOT, "  #%d %s score %s (recon %s, density %s)%n", outlier.rank(), outlier.path(),
            fmt(outlier.score()), fmt(outlier.reconScore()), fmt(outlier.densityScore()));
      }
      o.printf("  outliers: %s/%s, report: %s/%s%n", s.out(), OutliersJob.OUTLIERS_JSONL, s.out(),
          OutliersJob.REPORT);
      o.flush();
    }
    return 0;
  }

  OutliersOptions options() {
    Validation.inRange(spec, "--top", top, 1, 1000);
    Validation.inRange(spec, "--recon-weight", reconWeight, 0.0, 1.0);
    knnOptions.validate(spec);
    return OutliersOptions.of(data, model, out).withLatents(latents).withTop(top)
        .withReconWeight(reconWeight).withK(knnOptions.k).withReferenceSize(knnOptions.referenceSize)
        .withDensityDims(knnOptions.densityDims)
        .withSeed(seed).withOverwrite(overwrite);
  }

  private static String fmt(Double value) {
    return value == null ? "-" : String.format(Locale.ROOT, "%.2f", value);
  }
}
