package dev.dgmspark.audit.spark;

import dev.dgmspark.audit.AuditOptions;
import dev.dgmspark.audit.AuditPlan;
import dev.dgmspark.audit.AuditStage;
import dev.dgmspark.audit.RunReport;
import dev.dgmspark.common.ModelKind;
import dev.dgmspark.common.UsageException;
import dev.dgmspark.debias.spark.DebiasJob;
import dev.dgmspark.debias.spark.DebiasOptions;
import dev.dgmspark.engine.Checkpoints;
import dev.dgmspark.engine.ModelFolder;
import dev.dgmspark.io.Storage;
import dev.dgmspark.outliers.OutliersOptions;
import dev.dgmspark.outliers.spark.OutliersJob;
import dev.dgmspark.shard.ShardJob;
import dev.dgmspark.shard.ShardOptions;
import dev.dgmspark.train.TrainOptions;
import dev.dgmspark.train.VaeTraining;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code audit}: shard a folder of images, train a VAE on them, debias the data by latent rarity, rank outliers, and
 * write the report over all of it, each job at its defaults. Every stage writes into its own folder under the
 * output ({@link AuditStage}); a rerun skips the finished ones and resumes a stopped training ({@link AuditPlan}).
 */
public final class AuditJob {
  private static final Logger LOG = LoggerFactory.getLogger(AuditJob.class);

  private AuditJob() {}

  /**
   * What one stage did.
   *
   * @param stage the stage
   * @param folder its output folder
   * @param action what this run did with it
   * @param seconds time spent on it in this run (0 when skipped)
   */
  public record StageOutcome(AuditStage stage, String folder, AuditPlan.Action action, double seconds) {}

  /**
   * The outcome of an audit.
   *
   * @param out the audit's folder
   * @param stages every stage, in order
   * @param report the index page of the report
   * @param seconds wall-clock time of the run
   */
  public record Result(String out, List<StageOutcome> stages, String report, double seconds) {
    /** The outcome of one stage. */
    public StageOutcome stage(AuditStage stage) {
      return stages.stream().filter(s -> s.stage() == stage).findFirst().orElseThrow();
    }
  }

  /** Runs the stages that are not finished yet, then writes the report. */
  public static Result run(SparkSession spark, AuditOptions options) throws IOException {
    long start = System.nanoTime();
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Path input = Storage.qualify(options.input(), conf);
    if (!Storage.fs(input, conf).exists(input)) {
      throw new UsageException("--input " + options.input() + " does not exist");
    }
    Path out = Storage.qualify(options.out(), conf);
    if (out.equals(input) || out.toString().startsWith(input.toString() + "/")) {
      throw new UsageException("--out " + options.out() + " is inside --input " + options.input()
          + "; the shard stage would read the audit's own files: give a folder outside it");
    }
    FileSystem fs = Storage.fs(out, conf);
    fs.mkdirs(out);

    List<AuditPlan.Found> found = new ArrayList<>();
    for (AuditStage stage : AuditStage.values()) {
      found.add(found(stage, new Path(out, stage.folder()), options, conf));
    }
    List<AuditPlan.Action> actions = AuditPlan.decide(found, options.overwrite());
    List<StageOutcome> outcomes = new ArrayList<>();
    int total = AuditStage.values().length + 1;
    for (AuditStage stage : AuditStage.values()) {
      AuditPlan.Action action = actions.get(stage.ordinal());
      Path folder = new Path(out, stage.folder());
      String step = String.format(Locale.ROOT, "audit: %d/%d %s", stage.ordinal() + 1, total, stage.label());
      if (!action.runs()) {
        LOG.info("{}: finished earlier, kept ({})", step, folder);
        outcomes.add(new StageOutcome(stage, folder.toString(), action, 0));
        continue;
      }
      LOG.info("{}: {} ({}) -> {}", step, stage.description(), action.label(), folder);
      long stageStart = System.nanoTime();
      runStage(spark, stage, action, out, input, options);
      double seconds = (System.nanoTime() - stageStart) / 1e9;
      LOG.info(String.format(Locale.ROOT, "%s: done in %.1f s", step, seconds));
      outcomes.add(new StageOutcome(stage, folder.toString(), action, seconds));
    }
    LOG.info("audit: {}/{} report -> {}", total, total, new Path(out, RunReport.FOLDER));
    RunReport.Result report = writeReport(out, options.input(), conf);
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Result(out.toString(), List.copyOf(outcomes), RunReport.display(report.index()), seconds);
  }

  /** Writes (or rewrites) the report of an audit or demo folder. */
  public static RunReport.Result writeReport(Path out, String input, Configuration conf) throws IOException {
    List<String> intro = new ArrayList<>();
    intro.add("An audit of " + input + ": the images were sharded, a VAE learned a latent space of them, and the "
        + "debiasing weighted each image by how rare its position in that space is; the outliers are the images "
        + "the model reconstructs worst or places where no other image is.");
    intro.add("Folder: " + RunReport.display(out) + ". Rebuild this report with: dgm report "
        + RunReport.display(out));
    return RunReport.write("Audit report", intro, RunReport.jobFolders(List.of(out), conf),
        new Path(out, RunReport.FOLDER), conf);
  }

  private static void runStage(SparkSession spark, AuditStage stage, AuditPlan.Action action, Path out, Path input,
      AuditOptions options) throws IOException {
    String shards = new Path(out, AuditStage.SHARD.folder()).toString();
    String model = new Path(out, AuditStage.TRAIN.folder()).toString();
    String debias = new Path(out, AuditStage.DEBIAS.folder()).toString();
    String outliers = new Path(out, AuditStage.OUTLIERS.folder()).toString();
    boolean replace = action == AuditPlan.Action.REPLACE;
    switch (stage) {
      case SHARD -> {
        ShardOptions shard = ShardOptions.of(input.toString(), shards).withSize(options.size()).withOverwrite(replace);
        if (options.attributes() != null) {
          shard = shard.withAttributes(options.attributes());
        }
        ShardJob.run(spark, shard);
      }
      case TRAIN -> VaeTraining.run(spark, trainOptions(shards, model, options)
          .withResume(action == AuditPlan.Action.RESUME).withOverwrite(replace));
      case DEBIAS -> DebiasJob.run(spark, DebiasOptions.of(shards, debias).withModel(model).withSeed(options.seed())
          .withOverwrite(replace));
      case OUTLIERS -> OutliersJob.run(spark, OutliersOptions.of(shards, model, outliers).withLatents(debias)
          .withSeed(options.seed()).withOverwrite(replace));
      default -> throw new IllegalStateException("no stage " + stage);
    }
  }

  private static TrainOptions trainOptions(String shards, String model, AuditOptions options) {
    return TrainOptions.of(ModelKind.VAE, shards, model).withEpochs(options.epochs())
        .withLatentDim(options.latentDim()).withMaxBatches(options.maxBatches()).toBuilder().seed(options.seed())
        .build();
  }

  /** What a stage's folder holds: a finished run, a training to resume, or nothing usable. */
  private static AuditPlan.Found found(AuditStage stage, Path folder, AuditOptions options, Configuration conf)
      throws IOException {
    FileSystem fs = Storage.fs(folder, conf);
    if (fs.exists(new Path(folder, AuditStage.MARKER))) {
      return AuditPlan.Found.FINISHED;
    }
    if (stage == AuditStage.TRAIN && fs.exists(new Path(folder, ModelFolder.DESCRIPTOR))) {
      OptionalInt latest = new Checkpoints(folder, conf).latestEpoch();
      if (latest.isPresent() && latest.getAsInt() < options.epochs()) {
        return AuditPlan.Found.RESUMABLE;
      }
    }
    return AuditPlan.Found.NOTHING;
  }
}
