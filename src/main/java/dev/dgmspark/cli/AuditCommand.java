package dev.dgmspark.cli;

import dev.dgmspark.audit.AuditOptions;
import dev.dgmspark.audit.spark.AuditJob;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dgm audit}: shard, train a VAE, debias, outliers and the report, in one resumable command. */
@Command(name = "audit", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "What does a folder of images under-represent? Shards the images, trains a VAE on them, weights and "
        + "resamples them by latent rarity (debias), ranks outliers, and writes a report with plots. Every stage "
        + "writes its own folder under --out (shards, model, debias, outliers) with the defaults of its job, and "
        + "report/index.html over all of them. A rerun skips finished stages and resumes a stopped training; "
        + "--overwrite runs everything again. Prints where the report is."})
final class AuditCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--input", required = true, paramLabel = "DIR|URI",
      description = "Image folder (PNG, JPEG), searched recursively.")
  String input;

  @Option(names = "--out", required = true, paramLabel = "DIR|URI", description = "The audit's folder.")
  String out;

  @Option(names = "--attributes", paramLabel = "CSV",
      description = "Attributes CSV (first column: path relative to --input); shares before and after debiasing "
          + "are reported per value. Default: attributes.csv in --input when there is one.")
  String attributes;

  @Option(names = "--size", defaultValue = "" + AuditOptions.DEFAULT_SIZE, paramLabel = "PIXELS",
      description = "Side the images are sharded to: 28, 32 or 64. Default: ${DEFAULT-VALUE}.")
  int size;

  @Option(names = "--epochs", defaultValue = "" + AuditOptions.DEFAULT_EPOCHS, paramLabel = "N",
      description = "VAE training epochs; 1 to 1000. Default: ${DEFAULT-VALUE}.")
  int epochs;

  @Option(names = "--latent-dim", defaultValue = "" + AuditOptions.DEFAULT_LATENT_DIM, paramLabel = "N",
      description = "VAE latent size; 1 to 1024, or 0 for the train command's default (32 for colour images, 16 for "
          + "one-channel ones). Default: ${DEFAULT-VALUE}.")
  int latentDim;

  @Option(names = "--max-batches", defaultValue = "0", paramLabel = "N",
      description = "Smoke mode: at most N minibatches per training epoch (0: all). Default: ${DEFAULT-VALUE}.")
  int maxBatches;

  @Option(names = "--seed", defaultValue = "" + AuditOptions.DEFAULT_SEED, paramLabel = "S",
      description = "Seed of training, debiasing and outliers. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--overwrite", description = "Run every stage again, replacing finished results.")
  boolean overwrite;

  @Mixin SparkOptions sparkOptions;

  @Override
  public Integer call() throws Exception {
    Validation.oneOf(spec, "--size", size, 28, 32, 64);
    Validation.inRange(spec, "--epochs", epochs, 1, 1000);
    Validation.inRange(spec, "--latent-dim", latentDim, 0, 1024);
    Validation.inRange(spec, "--max-batches", maxBatches, 0, 1_000_000);
    AuditOptions options = AuditOptions.of(input, out).withAttributes(attributes).withSize(size).withEpochs(epochs)
        .withLatentDim(latentDim).withMaxBatches(maxBatches).withSeed(seed).withOverwrite(overwrite);
    try (SparkSession spark = sparkOptions.session("audit")) {
      AuditJob.Result result = AuditJob.run(spark, options);
      PrintWriter o = spec.commandLine().getOut();
      o.printf("audit: done in %.0f s%n", result.seconds());
      for (AuditJob.StageOutcome stage : result.stages()) {
        o.printf("  %-9s %-8s %s%n", stage.stage().label(), stage.action().runs() ? "ran" : "kept", stage.folder());
      }
      o.printf("  report:   %s%n", result.report());
      o.flush();
    }
    return 0;
  }
}
