package dev.dgmspark.cli;

import dev.dgmspark.model.ModelKind;
import dev.dgmspark.train.TrainOptions;
import dev.dgmspark.train.VaeTrainer;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dgm train}: trains an autoencoder on shards with parameter averaging across executors. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Train a convolutional autoencoder (ae), VAE (vae) or beta-VAE (betavae) on 28x28, 32x32 or 64x64 shards,",
        "with parameter averaging across Spark executors (Deeplearning4j). Writes <out>/checkpoints/epoch-N.zip,",
        "model.zip, model.json, metrics.csv, recon.png (inputs above reconstructions) and summary.json."})
final class TrainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "KIND", converter = LowerCaseEnums.ModelKindConverter.class,
      description = "ae, vae or betavae.")
  ModelKind model;

  @Option(names = "--data", required = true, paramLabel = "DIR|URI", description = "Shard folder (from 'dgm shard').")
  String data;

  @Option(names = "--out", required = true, paramLabel = "DIR|URI", description = "Model folder.")
  String out;

  @Option(names = "--latent-dim", defaultValue = "16", paramLabel = "N",
      description = "Size of z; 1 to 1024. Default: ${DEFAULT-VALUE}.")
  int latentDim;

  @Option(names = "--beta", paramLabel = "B",
      description = "Weight of the KL term; >= 0. Default: 1 for vae, 4 for betavae (ae has no KL term).")
  Double beta;

  @Option(names = "--epochs", defaultValue = "10", paramLabel = "N",
      description = "Train up to this epoch (with --resume, counting the epochs done). Default: ${DEFAULT-VALUE}.")
  int epochs;

  @Option(names = "--batch-size", defaultValue = "64", paramLabel = "N",
      description = "Examples per averaged step across all workers; each worker's minibatch is this / workers. "
          + "Default: ${DEFAULT-VALUE}.")
  int batchSize;

  @Option(names = "--batch-size-per-worker", defaultValue = "0", paramLabel = "N",
      description = "Minibatch of one worker (overrides --batch-size / workers).")
  int batchSizePerWorker;

  @Option(names = "--lr", defaultValue = "0.001", paramLabel = "RATE",
      description = "Adam learning rate; (0, 1]. Default: ${DEFAULT-VALUE}.")
  double learningRate;

  @Option(names = "--seed", defaultValue = "42", paramLabel = "S", description = "Seed. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--workers", defaultValue = "0", paramLabel = "N",
      description = "Parallel workers (0: Spark's task slots).")
  int workers;

  @Option(names = "--averaging-frequency", defaultValue = "5", paramLabel = "N",
      description = "Minibatches each worker fits between parameter averagings. Default: ${DEFAULT-VALUE}.")
  int averagingFrequency;

  @Option(names = "--max-batches", defaultValue = "0", paramLabel = "N",
      description = "Smoke run: at most N minibatches per epoch (0: all).")
  int maxBatches;

  @Option(names = "--resume", description = "Continue from the last checkpoint in --out; epoch numbers continue.")
  boolean resume;

  @Option(names = "--overwrite", description = "Replace a finished model in --out.")
  boolean overwrite;

  @Mixin SparkOptions sparkOptions;

  @Override
  public Integer call() throws Exception {
    TrainOptions options = options();
    try (SparkSession spark = sparkOptions.session("train")) {
      Map<String, Object> summary = VaeTrainer.run(spark, options);
      PrintWriter outWriter = spec.commandLine().getOut();
      outWriter.printf("train: %s, %s epochs, final loss %s (reconstruction %s, KL %s), %s examples/s%n",
          summary.get("model"), summary.get("epochs"), summary.get("final_loss"), summary.get("final_reconstruction"),
          summary.get("final_kl"), summary.get("examples_per_second"));
      outWriter.printf("model: %s/model.zip, metrics: %s/metrics.csv, reconstructions: %s/recon.png%n",
          summary.get("out"), summary.get("out"), summary.get("out"));
      outWriter.flush();
    }
    return 0;
  }

  TrainOptions options() {
    Validation.inRange(spec, "--latent-dim", latentDim, 1, 1024);
    Validation.inRange(spec, "--epochs", epochs, 1, 100_000);
    Validation.inRange(spec, "--batch-size", batchSize, 1, 1_000_000);
    Validation.inRange(spec, "--batch-size-per-worker", batchSizePerWorker, 0, 1_000_000);
    Validation.inRange(spec, "--lr", learningRate, 1e-9, 1.0);
    Validation.inRange(spec, "--workers", workers, 0, 100_000);
    Validation.inRange(spec, "--averaging-frequency", averagingFrequency, 1, 100_000);
    Validation.inRange(spec, "--max-batches", maxBatches, 0, Integer.MAX_VALUE);
    double b = beta != null ? beta : (model == ModelKind.BETAVAE ? 4.0 : 1.0);
    Validation.inRange(spec, "--beta", b, 0.0, 1e6);
    if (model == ModelKind.AE && beta != null) {
      throw Validation.invalid(spec, "--beta", "the ae model has no KL term; use --model vae or betavae");
    }
    if (resume && overwrite) {
      throw Validation.invalid(spec, "--resume", "cannot be combined with --overwrite");
    }
    return new TrainOptions(model, data, out, latentDim, b, epochs, batchSize, batchSizePerWorker, learningRate,
        seed, workers, averagingFrequency, maxBatches, resume, overwrite);
  }
}
