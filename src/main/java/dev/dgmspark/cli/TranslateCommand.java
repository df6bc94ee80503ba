package dev.dgmspark.cli;

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

/** {@code dgm translate}: a trained pix2pix model run over a shard folder in the executors. */
@Command(name = "translate", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Translate every image of --data whose attribute has the pix2pix model's source value into the",
        "target value, in the executors. Writes <out>/images/translated-<id>.png with attributes.csv (the attribute",
        "set to the target, translated_from = the input's id, classifier_<attr> = the model's attribute classifier's",
        "verdict on the translation), <out>/shards (as 'dgm shard' writes them), <out>/grid.png (input | translation)",
        "and <out>/summary.json (target_rate: share of translations the classifier puts in the target value)."})
final class TranslateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "DIR|URI",
      description = "Model folder (from train --model pix2pix).")
  String model;

  @Option(names = "--data", required = true, paramLabel = "DIR|URI", description = "Shard folder (from 'dgm shard').")
  String data;

  @Option(names = "--out", required = true, paramLabel = "DIR|URI", description = "Output folder.")
  String out;

  @Option(names = "--overwrite", description = "Replace a finished run in --out.")
  boolean overwrite;

  @Mixin SparkOptions sparkOptions;

  @Override
  public Integer call() throws Exception {
    try (SparkSession spark = sparkOptions.session("translate")) {
      TranslateSummary summary = TranslateJob.run(spark, new TranslateOptions(model, data, out, overwrite));
      PrintWriter writer = spec.commandLine().getOut();
      writer.printf("translate: %s of %s images translated (%s=%s -> %s), %s left as they are; target rate %s "
          + "(inputs %s) -> %s (shards: %s, grid: %s)%n", summary.translated(), summary.dataRows(),
          summary.attribute(), summary.source(), summary.target(), summary.skipped(),
          summary.targetRate() == null ? "not measured (no classifier in --model)" : summary.targetRate(),
          summary.inputTargetRate(), summary.images(), summary.shards(), summary.grid());
      writer.flush();
    }
    return 0;
  }
}
