package dev.dgmspark.gan;

import dev.dgmspark.common.NamePrefixes;
import dev.dgmspark.common.UsageException;
import dev.dgmspark.io.OutputFolder;
import dev.dgmspark.io.PngWriter;
import dev.dgmspark.io.SerializableConfiguration;
import dev.dgmspark.io.Storage;
import dev.dgmspark.model.ModelKind;
import dev.dgmspark.quality.GanQuality;
import dev.dgmspark.report.ImageGrid;
import dev.dgmspark.shard.ShardIndex;
import dev.dgmspark.train.BatchExport;
import dev.dgmspark.train.Checkpoints;
import dev.dgmspark.train.ImagePixels;
import dev.dgmspark.train.LabeledImages;
import dev.dgmspark.train.MetricsLog;
import dev.dgmspark.train.ModelFolder;
import dev.dgmspark.train.TrainOptions;
import dev.dgmspark.train.TrainingData;
import dev.dgmspark.train.TrainingSummary;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code train} job for gan and cgan: exports the shards (with their attribute values) as minibatch files,
 * trains generator and discriminator with parameter averaging across executors ({@link AveragingRound}), and after
 * every epoch checkpoints both networks and both updaters, logs metrics and draws a sample grid from fixed noise;
 * at the end measures the quality figures on held-out real data ({@link GanQuality}).
 */
public final class GanTrainer {
  private static final Logger LOG = LoggerFactory.getLogger(GanTrainer.class);
  /** Metrics columns. */
  public static final String METRICS_HEADER =
      "epoch,d_loss,g_loss,d_real,d_fake,examples,seconds,examples_per_second";
  private static final int GRID_SIDE = 8;
  /** Attributes with more values than this are not categorical labels (and do not fit a byte code). */
  private static final int MAX_VALUES = 64;
  /** One minibatch file in this many is held out from training, as real data for the quality figures. */
  private static final int HOLD_OUT_EVERY = 10;
  private static final Pattern SAMPLES = Pattern.compile("samples-epoch-\\d+\\.png");

  private GanTrainer() {}

  /** Runs the job and returns what {@code summary.json} says. */
  public static Map<String, Object> run(SparkSession spark, GanOptions gan) throws IOException {
    TrainOptions options = gan.train();
    if (!options.kind().adversarial()) {
      throw new IllegalArgumentException("GanTrainer trains gan and cgan, not " + options.kind());
    }
    Instant startedAt = Instant.now();
    long start = System.nanoTime();
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    TrainingData training = TrainingData.read(options.data(), conf);
    Path data = training.folder();
    ShardIndex index = training.index();
    Path out = Storage.qualify(options.out(), conf);
    FileSystem fs = Storage.fs(out, conf);
    Checkpoints checkpoints = new Checkpoints(out, conf);

    GanFolder.Descriptor descriptor;
    GanModel model;
    int firstEpoch;
    if (options.resume()) {
      int latest = checkpoints.resumeEpoch(options.out(), options.epochs());
      descriptor = GanFolder.readDescriptor(out, conf);
      if (descriptor.config().conditional() != (options.kind() == ModelKind.CGAN)) {
        throw new UsageException("--resume: --out holds a " + (descriptor.config().conditional() ? "cgan" : "gan")
            + " model, not " + options.kind());
      }
      firstEpoch = latest + 1;
      fs.delete(new Path(out, ModelFolder.SUMMARY), false); // no longer a finished run
      model = GanFolder.read(descriptor.config(), checkpoints.path(latest), conf);
      LOG.info("train: resuming {} from {} (epoch {})", options.kind(), checkpoints.path(latest), latest);
    } else {
      List<String> conditions = resolveConditions(options.kind(), gan.condition(), index.attributes());
      Set<String> owned = new HashSet<>(Set.of(ModelFolder.DESCRIPTOR, ModelFolder.MODEL, ModelFolder.METRICS,
          Checkpoints.FOLDER, ModelFolder.BATCHES));
      for (FileStatusName name : FileStatusName.list(out, conf)) {
        if (SAMPLES.matcher(name.name()).matches()) {
          owned.add(name.name());
        }
      }
      OutputFolder.prepare(out, conf, options.overwrite(), ModelFolder.SUMMARY, owned);
      AttributeValues values = attributeValues(spark, index, data, conditions);
      List<List<String>> conditionValues = new ArrayList<>();
      for (String c : conditions) {
        conditionValues.add(values.values().get(values.attributes().indexOf(c)));
      }
      GanConfig config = new GanConfig(options.kind() == ModelKind.CGAN, index.size(), index.channels(),
          options.latentDim(), gan.filters(), conditions, conditionValues, options.learningRate(), gan.beta1(),
          gan.labelSmoothing(), gan.dSteps(), options.seed(),
          options.kind() == ModelKind.CGAN ? gan.conditionMode() : ConditionMode.INPUT);
      descriptor = new GanFolder.Descriptor(config, values.attributes(), values.values(), values.shares(),
          training.indexSha256(), 0);
      model = GanModel.create(config);
      firstEpoch = 1;
    }
    GanConfig config = descriptor.config();
    GanFolder.writeDescriptor(out, descriptor.withEpochs(firstEpoch - 1), conf);

    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int workers = options.workers() > 0 ? options.workers() : spark.sparkContext().defaultParallelism();
    int perWorker = options.perWorkerBatch(workers);
    List<BatchExport.Batch> batches = BatchExport.export(spark, index.shardPaths(data), index.size(),
        index.channels(), new Path(out, ModelFolder.BATCHES), perWorker, options.seed(), descriptor.attributes(),
        descriptor.attributeValues());
    List<BatchExport.Batch> trainBatches = new ArrayList<>();
    List<BatchExport.Batch> heldOut = new ArrayList<>();
    for (int i = 0; i < batches.size(); i++) {
      boolean hold = batches.size() >= 2 && (i % HOLD_OUT_EVERY == HOLD_OUT_EVERY - 1
          || (batches.size() < HOLD_OUT_EVERY && i == batches.size() - 1));
      (hold ? heldOut : trainBatches).add(batches.get(i));
    }
    int[] conditionColumns = config.conditions().stream().mapToInt(descriptor.attributes()::indexOf).toArray();
    Broadcast<SerializableConfiguration> hadoop = jsc.broadcast(new SerializableConfiguration(conf));
    LOG.info("train: {}{} (generator {} parameters, discriminator {}), {} images in {} minibatches of {} ({} held "
        + "out), {} workers, {} generator steps per averaging, {} discriminator steps per generator step",
        options.kind(), config.conditional() ? " with " + config.conditionMode().label() + " conditioning" : "",
        model.generator().numParams(), model.discriminator().numParams(), index.rows(),
        batches.size(), perWorker, heldOut.size(), workers, options.averagingFrequency(), config.dSteps());

    FixedSamples fixed = FixedSamples.of(config, descriptor, GRID_SIDE * GRID_SIDE, options.seed());
    MetricsLog metrics = MetricsLog.open(out, conf, firstEpoch, METRICS_HEADER);
    GanState state = model.state();
    long examplesTrained = 0;
    double trainSeconds = 0;
    StepTotals last = new StepTotals();
    int lastEpoch = firstEpoch - 1;
    double lastEpochSeconds = 0;
    for (int epoch = firstEpoch; epoch <= options.epochs(); epoch++) {
      if (gan.maxTrainMinutes() > 0 && trainSeconds + lastEpochSeconds > gan.maxTrainMinutes() * 60) {
        LOG.info("train: stopping after epoch {}: another epoch would exceed --max-train-minutes {}", lastEpoch,
            gan.maxTrainMinutes());
        break;
      }
      List<String> order = new ArrayList<>(trainBatches.stream().map(BatchExport.Batch::path).toList());
      Collections.shuffle(order, new Random(options.seed() * 1_000_003L + epoch));
      if (options.maxBatches() > 0 && order.size() > options.maxBatches()) {
        order = order.subList(0, options.maxBatches());
      }
      List<List<WorkerTask>> rounds = RoundPlan.plan(order, workers, options.averagingFrequency(), config.dSteps(),
          options.seed(), epoch);
      long epochStart = System.nanoTime();
      StepTotals totals = new StepTotals();
      for (int r = 0; r < rounds.size(); r++) {
        jsc.setJobGroup("dgm-train", String.format("train: epoch %d/%d, averaging round %d/%d, %d workers", epoch,
            options.epochs(), r + 1, rounds.size(), rounds.get(r).size()), false);
        StateSum sum = AveragingRound.run(jsc, config, conditionColumns, state, rounds.get(r), hadoop);
        state = sum.mean();
        totals.add(sum.totals());
      }
      jsc.clearJobGroup();
      double seconds = (System.nanoTime() - epochStart) / 1e9;
      state = new GanState(state.flat(), state.generatorIterations(), state.discriminatorIterations(), epoch);
      model.setState(state);
      if (!Double.isFinite(totals.discriminatorLoss()) || !Double.isFinite(totals.generatorLoss())) {
        throw new IllegalStateException("training diverged at epoch " + epoch + " (D loss "
            + totals.discriminatorLoss() + ", G loss " + totals.generatorLoss() + "); try a smaller --lr");
      }
      examplesTrained += totals.examples();
      trainSeconds += seconds;
      lastEpoch = epoch;
      lastEpochSeconds = seconds;
      last = totals;
      int done = epoch;
      checkpoints.write(epoch, o -> GanFolder.write(model, o));
      Storage.writeAtomically(new Path(out, samplesName(epoch)), PngWriter.bytes(fixed.grid(model)), conf);
      metrics.append(epoch, new double[] {totals.discriminatorLoss(), totals.generatorLoss(), totals.meanOnReal(),
          totals.meanOnFake()}, totals.examples(), seconds);
      GanFolder.writeDescriptor(out, descriptor.withEpochs(done), conf);
      LOG.info(String.format("train: epoch %d/%d D loss %.3f, G loss %.3f, D(x) %.3f, D(G(z)) %.3f, %,d examples "
          + "in %.1f s, %.1f examples/s", epoch, options.epochs(), totals.discriminatorLoss(),
          totals.generatorLoss(), totals.meanOnReal(), totals.meanOnFake(), totals.examples(), seconds,
          totals.examples() / Math.max(seconds, 1e-9)));
    }
    hadoop.destroy();
    GanFolder.write(model, new Path(out, ModelFolder.MODEL), conf);

    Map<String, Object> quality = new LinkedHashMap<>();
    if (gan.evalSamples() > 0 && !heldOut.isEmpty() && !descriptor.attributes().isEmpty()) {
      long qualityStart = System.nanoTime();
      LabeledImages real = LabeledImages.read(trainBatches, GanQuality.MAX_CLASSIFIER_IMAGES, conf);
      LabeledImages held = LabeledImages.read(heldOut, GanQuality.MAX_HELD_OUT_IMAGES, conf);
      quality = GanQuality.evaluate(model, descriptor, real, held, gan.evalSamples(), options.seed());
      quality.put("seconds", round((System.nanoTime() - qualityStart) / 1e9));
    } else {
      quality.put("skipped", gan.evalSamples() == 0 ? "--eval-samples 0" : heldOut.isEmpty()
          ? "too few minibatches to hold any out" : "the shards have no attribute columns");
    }
    fs.delete(new Path(out, ModelFolder.BATCHES), true);

    double seconds = (System.nanoTime() - start) / 1e9;
    Map<String, Object> summary = TrainingSummary.start(options.kind().toString(), out, lastEpoch, firstEpoch,
        examplesTrained, trainSeconds, seconds);
    summary.put("epochs_requested", options.epochs());
    summary.put("final_d_loss", round(last.discriminatorLoss()));
    summary.put("final_g_loss", round(last.generatorLoss()));
    summary.put("final_d_real", round(last.meanOnReal()));
    summary.put("final_d_fake", round(last.meanOnFake()));
    summary.put("generator_parameters", model.generator().numParams());
    summary.put("discriminator_parameters", model.discriminator().numParams());
    summary.put("workers", workers);
    summary.put("batch_size_per_worker", perWorker);
    summary.put("training_minibatches", trainBatches.size());
    summary.put("held_out_minibatches", heldOut.size());
    summary.putAll(quality.containsKey("skipped") ? Map.of("quality", quality) : quality);
    TrainingSummary.finish(summary, config.asMap(), training.indexFile(), descriptor.dataIndexSha256(), index.rows(),
        gan.asMap(), startedAt, out, conf, LOG);
    return summary;
  }

  /** Name of an epoch's sample grid. */
  public static String samplesName(int epoch) {
    return "samples-epoch-" + epoch + ".png";
  }

  /** The condition columns: each given name must be a column or the unique start of one ({@code hair}). */
  static List<String> resolveConditions(ModelKind kind, List<String> given, List<String> columns) {
    if (kind == ModelKind.GAN) {
      if (!given.isEmpty()) {
        throw new UsageException("--condition is for --model cgan; gan is unconditional");
      }
      return List.of();
    }
    if (given.isEmpty()) {
      throw new UsageException("--model cgan needs --condition ATTR[,ATTR...]; the shards' attribute columns: "
          + (columns.isEmpty() ? "none" : String.join(", ", columns)));
    }
    List<String> resolved = new ArrayList<>();
    for (String name : given) {
      List<String> matches = NamePrefixes.matches(name, columns);
      if (matches.size() != 1) {
        throw new UsageException("--condition " + name + (matches.isEmpty() ? " is not" : " names more than one of")
            + " the shards' attribute columns; allowed: " + String.join(", ", columns));
      }
      if (resolved.contains(matches.get(0))) {
        throw new UsageException("--condition names " + matches.get(0) + " twice");
      }
      resolved.add(matches.get(0));
    }
    return resolved;
  }

  /** The categorical attribute columns of the shards, their values (sorted) and shares. */
  record AttributeValues(List<String> attributes, List<List<String>> values, List<List<Double>> shares) {}

  /** Counts every attribute's values with one distributed aggregation per attribute (a few at most). */
  static AttributeValues attributeValues(SparkSession spark, ShardIndex index, Path data, List<String> conditions) {
    Dataset<Row> rows = spark.read().parquet(index.shardPaths(data));
    List<String> attributes = new ArrayList<>();
    List<List<String>> values = new ArrayList<>();
    List<List<Double>> shares = new ArrayList<>();
    spark.sparkContext().setJobDescription("train: count attribute values");
    for (String attribute : index.attributes()) {
      List<Row> counts = rows.where(functions.col(attribute).isNotNull()).groupBy(functions.col(attribute)
          .cast("string")).count().orderBy(functions.col(attribute).cast("string")).limit(MAX_VALUES + 1)
          .collectAsList();
      if (counts.isEmpty() || counts.size() > MAX_VALUES) {
        if (conditions.contains(attribute)) {
          throw new UsageException("--condition " + attribute + " has " + (counts.isEmpty() ? "no values"
              : "more than " + MAX_VALUES + " values") + "; condition on a categorical attribute");
        }
        continue;
      }
      long total = counts.stream().mapToLong(r -> r.getLong(1)).sum();
      attributes.add(attribute);
      values.add(counts.stream().map(r -> r.getString(0)).toList());
      shares.add(counts.stream().map(r -> r.getLong(1) / (double) total).toList());
    }
    spark.sparkContext().setJobDescription(null);
    return new AttributeValues(attributes, values, shares);
  }

  /** The noise (and cgan conditions) of the per-epoch sample grid, fixed for the whole run. */
  record FixedSamples(INDArray noise, INDArray condition) {
    static FixedSamples of(GanConfig config, GanFolder.Descriptor descriptor, int n, long seed) {
      NoiseStream random = new NoiseStream(NoiseStream.seedFor(seed, -1, -1));
      INDArray noise = random.gaussian(n, config.noiseDim());
      INDArray condition = null;
      if (config.conditional()) {
        // Row r of the grid asks for value r (cycling) of the first condition attribute.
        List<List<Double>> shares = conditionShares(config, descriptor);
        int values = config.conditionValues().get(0).size();
        List<INDArray> rows = new ArrayList<>();
        for (int r = 0; r < GRID_SIDE; r++) {
          rows.add(GanSampler.conditions(config, shares, n / GRID_SIDE, 0, r % values, random,
              new int[n / GRID_SIDE][config.conditions().size()]));
        }
        condition = org.nd4j.linalg.factory.Nd4j.concat(0, rows.toArray(new INDArray[0]));
      }
      return new FixedSamples(noise, condition);
    }

    BufferedImage grid(GanModel model) {
      INDArray images = GanSampler.images(model, noise, condition);
      List<List<BufferedImage>> rows = new ArrayList<>();
      for (int r = 0; r < GRID_SIDE; r++) {
        List<BufferedImage> row = new ArrayList<>();
        for (int c = 0; c < GRID_SIDE; c++) {
          row.add(ImagePixels.toImage(images, r * GRID_SIDE + c));
        }
        rows.add(row);
      }
      return ImageGrid.rows(rows, images.size(2) < 48 ? 2 : 1);
    }
  }

  /** For each condition attribute, its values' shares in the training data. */
  public static List<List<Double>> conditionShares(GanConfig config, GanFolder.Descriptor descriptor) {
    return config.conditions().stream().map(c -> descriptor.attributeShares().get(descriptor.attributes()
        .indexOf(c))).toList();
  }

  /** File names directly in a folder (none when it does not exist). */
  record FileStatusName(String name) {
    static List<FileStatusName> list(Path folder, Configuration conf) throws IOException {
      FileSystem fs = Storage.fs(folder, conf);
      if (!fs.exists(folder) || !fs.getFileStatus(folder).isDirectory()) {
        return List.of();
      }
      List<FileStatusName> names = new ArrayList<>();
      for (org.apache.hadoop.fs.FileStatus status : fs.listStatus(folder)) {
        names.add(new FileStatusName(status.getPath().getName()));
      }
      return names;
    }
  }

  private static double round(double value) {
    return TrainingSummary.round(value);
  }
}
