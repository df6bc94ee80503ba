package dev.dgmspark.train;

import dev.dgmspark.common.ModelKind;
import dev.dgmspark.common.NamePrefixes;
import dev.dgmspark.common.UsageException;
import dev.dgmspark.dbvae.DbVaeConfig;
import dev.dgmspark.dbvae.DbVaeFamily;
import dev.dgmspark.dbvae.DbVaeFolder;
import dev.dgmspark.dbvae.DbVaeHooks;
import dev.dgmspark.dbvae.spark.DebiasedEpochs;
import dev.dgmspark.engine.AttributeValues;
import dev.dgmspark.engine.Checkpoints;
import dev.dgmspark.engine.LoopSettings;
import dev.dgmspark.engine.ModelFolder;
import dev.dgmspark.engine.spark.AttributeCounts;
import dev.dgmspark.engine.spark.BatchExport;
import dev.dgmspark.engine.spark.TrainingData;
import dev.dgmspark.engine.spark.TrainingLoop;
import dev.dgmspark.io.OutputFolder;
import dev.dgmspark.io.Storage;
import dev.dgmspark.vae.VaeConfig;
import dev.dgmspark.vae.VaeFolder;
import dev.dgmspark.vae.VaeModel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code train --model dbvae}: DB-VAE on the training engine, in one run with its baseline. Resolves the label and
 * group columns, exports the {@code --test} shards (if any) with the same label codes, trains the baseline (same
 * network, the exported minibatches shuffled) into {@code out/baseline}, then the debiased model into {@code out}
 * with each epoch drawn by {@link DebiasedEpochs}; the debiased model's summary compares the two per group.
 * {@code --resume} continues whichever of the two is unfinished.
 */
public final class DbVaeTraining {
  private static final Logger LOG = LoggerFactory.getLogger(DbVaeTraining.class);
  /** Test images per exported test minibatch file. */
  private static final int TEST_BATCH = 256;
  /** Values that make a two-valued label column's positive class when {@code --label} names no value. */
  private static final List<String> POSITIVE_NAMES = List.of("yes", "true", "1");

  private DbVaeTraining() {}

  /** Trains as {@code options} say and returns the debiased model's run. */
  public static TrainingLoop.Outcome<VaeModel> run(SparkSession spark, DbVaeOptions options) throws IOException {
    TrainOptions train = options.train();
    if (train.kind() != ModelKind.DBVAE) {
      throw new IllegalArgumentException("DbVaeTraining trains dbvae, not " + train.kind());
    }
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    TrainingData training = TrainingData.read(train.data(), conf);
    Path out = Storage.qualify(train.out(), conf);
    FileSystem fs = Storage.fs(out, conf);

    String[] labelParts = options.label().split("=", 2);
    List<String> attributes = training.index().attributes();
    String label = resolve("--label", labelParts[0], attributes);
    List<String> columns = new ArrayList<>(List.of(label));
    for (String group : options.groups()) {
      String column = resolve("--groups", group, attributes);
      if (columns.contains(column)) {
        throw new UsageException("--groups " + group + ": " + column + (column.equals(label)
            ? " is the --label column; groups must be other attributes" : " is named twice"));
      }
      columns.add(column);
    }
    AttributeValues counted = AttributeCounts.count(spark, training.index(), training.folder(), columns, "--label");
    List<List<String>> values = columns.stream().map(counted::valuesOf).toList();
    String positive = positive(label, labelParts.length > 1 ? labelParts[1] : null, values.get(0));
    int positiveCode = values.get(0).indexOf(positive);

    VaeConfig vae;
    DbVaeConfig config;
    if (train.resume() && fs.exists(new Path(out, ModelFolder.DESCRIPTOR))) {
      vae = VaeFolder.readConfig(out, conf);
      train = train.withAutoencoderDefaults(vae.channels(), vae.likelihood());
      options = options.withTrain(train);
      config = DbVaeFolder.readConfig(out, conf);
      if (!config.label().equals(label) || !config.positive().equals(positive)) {
        throw new UsageException("--resume: --out holds a DB-VAE classifying " + config.label() + "="
            + config.positive() + ", not " + label + "=" + positive);
      }
    } else {
      train = train.withAutoencoderDefaults(training.index().channels(), null);
      options = options.withTrain(train);
      vae = train.newAutoencoder(training.index().size(), training.index().channels());
      config = new DbVaeConfig(label, positive, options.classWeight(), options.vaeLoss(), options.resampling());
    }
    if (!train.resume()) {
      OutputFolder.prepare(out, conf, train.overwrite(), ModelFolder.SUMMARY, Set.of(ModelFolder.DESCRIPTOR,
          ModelFolder.MODEL, ModelFolder.METRICS, Checkpoints.FOLDER, ModelFolder.BATCHES, VaeFolder.RECON,
          DbVaeFolder.RESAMPLING, DbVaeFolder.BASELINE, DbVaeFolder.TEST_BATCHES));
    }
    DbVaeFamily family = new DbVaeFamily(vae, config, positiveCode);
    DbVaeHooks.TestSet test = exportTest(spark, options, training, columns, values, out);

    Path baseline = null;
    if (options.baseline()) {
      baseline = new Path(out, DbVaeFolder.BASELINE);
      java.util.OptionalInt done = new Checkpoints(baseline, conf).latestEpoch();
      if (fs.exists(new Path(baseline, ModelFolder.SUMMARY)) && done.isPresent()
          && done.getAsInt() >= train.epochs()) {
        LOG.info("train: the baseline in {} has its {} epochs; training the debiased model", baseline,
            done.getAsInt());
      } else {
        LOG.info("train: training the baseline (same network, no resampling) into {}", baseline);
        DbVaeHooks hooks = new DbVaeHooks(vae, config, false, training.indexSha256(), columns, values, positiveCode,
            test, null);
        LoopSettings loop = loop(train, baseline.toString(), resumable(baseline, conf, train));
        TrainingLoop.run(spark, training, family, hooks, loop, family.create(), options);
      }
    }
    DbVaeHooks hooks = new DbVaeHooks(vae, config, true, training.indexSha256(), columns, values, positiveCode, test,
        baseline);
    LoopSettings loop = loop(train, train.out(), resumable(out, conf, train));
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int workers = loop.workers() > 0 ? loop.workers() : spark.sparkContext().defaultParallelism();
    DebiasedEpochs sampler = new DebiasedEpochs(jsc, config, out, conf, train.seed(), loop.perWorkerBatch(workers),
        columns, values);
    TrainingLoop.Outcome<VaeModel> outcome = TrainingLoop.run(spark, training, family, hooks, loop,
        family.create(), options, sampler);
    fs.delete(new Path(out, DbVaeFolder.TEST_BATCHES), true);
    return outcome;
  }

  /** Resume a model folder only when it holds a checkpoint (the run may have stopped before it started). */
  private static boolean resumable(Path folder, Configuration conf, TrainOptions train) throws IOException {
    return train.resume() && Storage.fs(folder, conf).exists(new Path(folder, ModelFolder.DESCRIPTOR))
        && new Checkpoints(folder, conf).latestEpoch().isPresent();
  }

  private static LoopSettings loop(TrainOptions train, String out, boolean resume) {
    LoopSettings s = train.loop();
    return new LoopSettings(s.data(), out, s.epochs(), s.batchSize(), s.batchSizePerWorker(), s.seed(), s.workers(),
        s.averagingFrequency(), s.maxBatches(), s.maxTrainMinutes(), s.trainer(), resume, false);
  }

  /** Exports {@code --test} with the run's label columns and codes into the model folder; none without it. */
  private static DbVaeHooks.TestSet exportTest(SparkSession spark, DbVaeOptions options, TrainingData training,
      List<String> columns, List<List<String>> values, Path out) throws IOException {
    if (options.test() == null) {
      return new DbVaeHooks.TestSet(List.of(), null);
    }
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    TrainingData test = TrainingData.read(options.test(), conf);
    if (test.index().size() != training.index().size() || test.index().channels() != training.index().channels()) {
      throw new UsageException("--test holds " + test.index().size() + "x" + test.index().size() + "x"
          + test.index().channels() + " images, --data " + training.index().size() + "x" + training.index().size()
          + "x" + training.index().channels() + "; shard both the same way");
    }
    for (String column : columns) {
      if (!test.index().attributes().contains(column)) {
        throw new UsageException("--test has no attribute column " + column + "; its columns: "
            + String.join(", ", test.index().attributes()));
      }
    }
    Path folder = new Path(out, DbVaeFolder.TEST_BATCHES);
    Storage.fs(folder, conf).delete(folder, true);
    List<String> paths = BatchExport.export(spark, test.index().shardPaths(test.folder()), test.index().size(),
        test.index().channels(), folder, TEST_BATCH, options.train().seed(), columns, values).stream()
        .map(BatchExport.Batch::path).toList();
    return new DbVaeHooks.TestSet(paths, options.test());
  }

  /** The column {@code given} names: the column itself or the unique column it starts. */
  static String resolve(String option, String given, List<String> columns) {
    List<String> matches = NamePrefixes.matches(given, columns);
    if (matches.size() != 1) {
      throw new UsageException(option + " " + given + (matches.isEmpty() ? " is not" : " names more than one of")
          + " the shards' attribute columns; allowed: " + (columns.isEmpty() ? "none (shard with --attributes)"
          : String.join(", ", columns)));
    }
    return matches.get(0);
  }

  /** The positive value: the given one (which must occur), or a two-valued column's yes/true/1. */
  static String positive(String label, String given, List<String> values) {
    if (given != null) {
      if (!values.contains(given)) {
        throw new UsageException("--label " + label + "=" + given + ": no image has " + label + " " + given
            + "; its values: " + String.join(", ", values));
      }
      if (values.size() < 2) {
        throw new UsageException("--label " + label + " has only the value " + given + "; a classifier needs both "
            + "classes in the data");
      }
      return given;
    }
    if (values.size() == 2) {
      for (String name : POSITIVE_NAMES) {
        if (values.contains(name)) {
          return name;
        }
      }
    }
    throw new UsageException("--label " + label + " needs the positive value, e.g. --label " + label + "="
        + values.get(values.size() - 1) + "; its values: " + String.join(", ", values));
  }
}
