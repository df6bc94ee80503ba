package dev.dgmspark.cli;

import dev.dgmspark.generate.GenerateJob;
import dev.dgmspark.generate.GenerateOptions;
import dev.dgmspark.generate.GenerateSummary;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dgm generate}: images drawn from a trained GAN or VAE, as PNGs, shards and a grid. */
@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Draw images from a trained gan, cgan or (beta-)VAE. Writes <out>/images/sample-N.png (with",
        "attributes.csv for cgan), <out>/shards (as 'dgm shard' writes them), <out>/grid.png and <out>/summary.json."})
final class GenerateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "DIR|URI", description = "Model folder (from train).")
  String model;

  @Option(names = "--count", required = true, paramLabel = "N", description = "Images to draw; 1 to 10000000.")
  int count;

  @Option(names = "--out", required = true, paramLabel = "DIR|URI", description = "Output folder.")
  String out;

  @Option(names = "--condition", split = ",", paramLabel = "ATTR=VALUE",
      description = "cgan: the value of a condition attribute, e.g. glasses=yes (repeatable or comma-separated); "
          + "attributes not named are drawn from their shares in the training data.")
  Map<String, String> condition = new LinkedHashMap<>();

  @Option(names = "--seed", defaultValue = "42", paramLabel = "S", description = "Seed. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--overwrite", description = "Replace a finished run in --out.")
  boolean overwrite;

  @Mixin SparkOptions sparkOptions;

  @Override
  public Integer call() throws Exception {
    Validation.inRange(spec, "--count", count, 1, 10_000_000);
    try (SparkSession spark = sparkOptions.session("generate")) {
      GenerateSummary summary = GenerateJob.run(spark, GenerateOptions.of(model, count, out)
          .withCondition(condition).withSeed(seed).withOverwrite(overwrite));
      spec.commandLine().getOut().printf("generate: %s images from a %s model -> %s (shards: %s, grid: %s)%n",
          summary.count(), summary.modelKind(), summary.images(), summary.shards(), summary.grid());
      spec.commandLine().getOut().flush();
    }
    return 0;
  }
}
