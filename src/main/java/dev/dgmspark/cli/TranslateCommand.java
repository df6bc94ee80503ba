package dev.dgmspark.cli;

import dev.dgmspark.translate.TranslationDirection;
import dev.dgmspark.translate.spark.TranslateJob;
import dev.dgmspark.translate.spark.TranslateOptions;
import dev.dgmspark.translate.spark.TranslateSummary;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dgm translate}: a trained translation model (pix2pix, CycleGAN) run over a shard folder in the executors. */
@Command(name = "translate", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Translate every image of --data whose attribute has the model's source value (pix2pix: --source, "
        + "cyclegan: --domain-a, or --domain-b with --direction b2a) into the target value, in the executors. "
        + "Writes <out>/images/translated-<id>.png with attributes.csv (the attribute set to the target, "
        + "translated_from = the input's id, classifier_<attr> = the model's attribute classifier's verdict on the "
        + "translation), <out>/shards (as 'dgm shard' writes them), <out>/grid.png (input | translation) and "
        + "<out>/summary.json (target_rate: share of translations the classifier puts in the target value)."})
final class TranslateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "DIR|URI",
      description = "Model folder (from train --model pix2pix or cyclegan).")
  String model;

  @Option(names = "--data", required = true, paramLabel = "DIR|URI", description = "Shard folder (from 'dgm shard').")
  String data;

  @Option(names = "--out", required = true, paramLabel = "DIR|URI", description = "Output folder.")
  String out;

  @Option(names = "--direction", paramLabel = "DIR", defaultValue = "a2b",
      description = "a2b (pix2pix: source to target; cyclegan: domain A to B) or b2a (cyclegan: B to A). Default: "
          + "${DEFAULT-VALUE}.")
  String direction;

  @Option(names = "--overwrite", description = "Replace a finished run in --out.")
  boolean overwrite;

  @Mixin SparkOptions sparkOptions;

  @Override
  public Integer call() throws Exception {
    if (!direction.equals(TranslationDirection.A2B) && !direction.equals(TranslationDirection.B2A)) {
      throw Validation.invalid(spec, "--direction", "'" + direction + "' is not one of: a2b, b2a");
    }
    try (SparkSession spark = sparkOptions.session("translate")) {
      TranslateSummary summary = TranslateJob.run(spark, new TranslateOptions(model, data, out, direction,
          overwrite));
      PrintWriter writer = spec.commandLine().getOut();
      writer.printf("translate: %s of %s images translated (%s=%s -> %s), %s left as they are; target rate %s "
          + "(inputs %s)%s -> %s (shards: %s, grid: %s)%n", summary.translated(), summary.dataRows(),
          summary.attribute(), summary.source(), summary.target(), summary.skipped(),
          summary.targetRate() == null ? "not measured (no classifier in --model)" : summary.targetRate(),
          summary.inputTargetRate(),
          summary.keptRate() == null ? "" : ", kept rate " + summary.keptRate() + " " + summary.keptRates(),
          summary.images(), summary.shards(), summary.grid());
      writer.flush();
    }
    return 0;
  }
}
