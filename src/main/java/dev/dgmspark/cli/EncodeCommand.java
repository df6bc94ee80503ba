package dev.dgmspark.cli;

import dev.dgmspark.encode.EncodeJob;
import dev.dgmspark.encode.EncodeOptions;
import dev.dgmspark.encode.EncodeSummary;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dgm encode}: latent means, log-variances and reconstruction errors of every image. */
@Command(name = "encode", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Encode every image of the shards with a trained model, in the executors. Writes <out>/latents/*.parquet "
        + "(id, mu[], logvar[], recon_error) and <out>/summary.json."})
final class EncodeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--data", required = true, paramLabel = "DIR|URI", description = "Shard folder.")
  String data;

  @Option(names = "--model", required = true, paramLabel = "DIR|URI", description = "Model folder (from train).")
  String model;

  @Option(names = "--out", required = true, paramLabel = "DIR|URI", description = "Output folder.")
  String out;

  @Option(names = "--batch-size", defaultValue = "128", paramLabel = "N",
      description = "Images per inference batch; 1 to 65536. Default: ${DEFAULT-VALUE}.")
  int batchSize;

  @Option(names = "--overwrite", description = "Replace a finished run in --out.")
  boolean overwrite;

  @Mixin SparkOptions sparkOptions;

  @Override
  public Integer call() throws Exception {
    Validation.inRange(spec, "--batch-size", batchSize, 1, 65536);
    try (SparkSession spark = sparkOptions.session("encode")) {
      EncodeSummary summary = EncodeJob.run(spark, EncodeOptions.of(data, model, out)
          .withBatchSize(batchSize).withOverwrite(overwrite));
      spec.commandLine().getOut().printf("encode: %s rows in %s s (%s rows/s) -> %s%n", summary.rows(),
          summary.seconds(), summary.rowsPerSecond(), summary.latents());
      spec.commandLine().getOut().flush();
    }
    return 0;
  }
}
