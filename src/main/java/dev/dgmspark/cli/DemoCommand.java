package dev.dgmspark.cli;

import dev.dgmspark.demo.Demo;
import dev.dgmspark.demo.DemoOptions;
import dev.dgmspark.synth.TargetShares;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dgm demo}: synth, shard, train a VAE and debias, in one command. */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "The main job end to end on this machine: synthetic faces with one attribute value rare, then 'audit' on "
        + "them: shards, a VAE trained with parameter averaging, the debiased manifest, outliers and the report. "
        + "Prints where everything is and the rare value's share before and after. Replaces the output of an "
        + "earlier demo in --out."})
final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--out", defaultValue = DemoOptions.DEFAULT_OUT, paramLabel = "DIR|URI",
      description = "Output folder. Default: ${DEFAULT-VALUE}.")
  String out;

  @Option(names = "--count", defaultValue = "" + DemoOptions.DEFAULT_COUNT, paramLabel = "N",
      description = "Synthetic pictures; 100 to 1000000. Default: ${DEFAULT-VALUE}.")
  int count;

  @Option(names = "--size", defaultValue = "" + DemoOptions.DEFAULT_SIZE, paramLabel = "PIXELS",
      description = "Picture side: 28, 32 or 64. Default: ${DEFAULT-VALUE}.")
  int size;

  @Option(names = "--rare", defaultValue = DemoOptions.DEFAULT_RARE, paramLabel = "ATTR=VALUE:SHARE",
      description = "The attribute value made rare. Default: ${DEFAULT-VALUE}.")
  String rare;

  @Option(names = "--epochs", defaultValue = "" + DemoOptions.DEFAULT_EPOCHS, paramLabel = "N",
      description = "VAE training epochs; 1 to 1000. Default: ${DEFAULT-VALUE}.")
  int epochs;

  @Option(names = "--latent-dim", defaultValue = "" + DemoOptions.DEFAULT_LATENT_DIM, paramLabel = "N",
      description = "VAE latent size; 1 to 1024, or 0 for the train command's default. Default: ${DEFAULT-VALUE}.")
  int latentDim;

  @Option(names = "--seed", defaultValue = "42", paramLabel = "S", description = "Seed. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Mixin SparkOptions sparkOptions;

  @Override
  public Integer call() throws Exception {
    Validation.inRange(spec, "--count", count, 100, 1_000_000);
    Validation.oneOf(spec, "--size", size, 28, 32, 64);
    Validation.inRange(spec, "--epochs", epochs, 1, 1000);
    Validation.inRange(spec, "--latent-dim", latentDim, 0, 1024);
    if (!rare.matches("[a-z_]+=[a-z_]+:[0-9.eE-]+")) {
      throw Validation.invalid(spec, "--rare", "'" + rare + "'; expected ATTRIBUTE=VALUE:SHARE, e.g. glasses=yes:0.05");
    }
    try {
      TargetShares.defaults().withSpec(rare);
    } catch (IllegalArgumentException e) {
      throw Validation.invalid(spec, "--rare", e.getMessage());
    }
    try (SparkSession spark = sparkOptions.session("demo")) {
      Demo.Result result = Demo.run(spark, DemoOptions.of().withOut(out).withCount(count)
          .withSize(size).withRare(rare).withEpochs(epochs).withLatentDim(latentDim).withSeed(seed));
      PrintWriter o = spec.commandLine().getOut();
      o.printf("demo: done in %.0f s%n", result.seconds());
      o.printf("  pictures:        %s/faces (attributes.csv)%n", result.out());
      o.printf("  shards:          %s/shards (index.json, summary.json)%n", result.out());
      o.printf("  VAE:             %s/model (model.zip, metrics.csv, recon.png)%n", result.out());
      o.printf("  debiased:        %s/debias (manifest.jsonl, manifest.parquet, weights.parquet, summary.json)%n",
          result.out());
      o.printf("  outliers:        %s/outliers (outliers.jsonl, report.html)%n", result.out());
      o.printf("  report:          %s%n", result.audit().report());
      o.printf("  %s=%s share: %.1f%% of the input -> %.1f%% of the debiased manifest (%.1fx)%n", result.attribute(),
          result.value(), 100 * result.shareBefore(), 100 * result.shareAfter(),
          result.shareAfter() / Math.max(result.shareBefore(), 1e-12));
      o.flush();
    }
    return 0;
  }
}
