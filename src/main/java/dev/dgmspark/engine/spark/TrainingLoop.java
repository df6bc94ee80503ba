package dev.dgmspark.engine.spark;

import dev.dgmspark.common.Provenance;
import dev.dgmspark.engine.Checkpoints;
import dev.dgmspark.engine.GraphFamily;
import dev.dgmspark.engine.LoopSettings;
import dev.dgmspark.engine.MetricsLog;
import dev.dgmspark.engine.ModelFamily;
import dev.dgmspark.engine.ModelFolder;
import dev.dgmspark.engine.RoundPlan;
import dev.dgmspark.engine.RunData;
import dev.dgmspark.engine.StateSum;
import dev.dgmspark.engine.StepMetrics;
import dev.dgmspark.engine.TrainableModel;
import dev.dgmspark.engine.TrainerKind;
import dev.dgmspark.engine.TrainingHooks;
import dev.dgmspark.engine.TrainingState;
import dev.dgmspark.engine.TrainingSummary;
import dev.dgmspark.engine.WorkerTask;
import dev.dgmspark.io.Json;
import dev.dgmspark.io.OutputFolder;
import dev.dgmspark.io.SerializableConfiguration;
import dev.dgmspark.io.Storage;
import dev.dgmspark.nn.NativeBackend;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training engine's epoch loop, the same for every model family: exports the shards once as minibatch files
 * (holding one in {@value #HOLD_OUT_EVERY} out for evaluation), then per epoch shuffles the files, trains them in
 * averaging rounds across the executors ({@link AveragingRound}, or dl4j-spark for single-graph families), and
 * writes the epoch's pictures, its {@code metrics.csv} row, {@code model.json} and a checkpoint, in that order (a
 * run stopped between them resumes from the previous checkpoint and trains the epoch again). At the end it writes
 * {@code model.zip}, lets the family measure its final figures, and writes {@code summary.json} last.
 */
public final class TrainingLoop {
  private static final Logger LOG = LoggerFactory.getLogger(TrainingLoop.class);
  /** One minibatch file in this many is held out from training, as data the final figures are measured on. */
  public static final int HOLD_OUT_EVERY = 10;

  private TrainingLoop() {}

  /** A finished run: the model and what its {@code summary.json} says. */
  public record Outcome<M>(M model, TrainingSummary summary) {}

  /**
   * Trains {@code family} as {@code settings} say.
   *
   * @param training the shards, read and checked ({@link TrainingData#read})
   * @param start the model to start from when not resuming (resuming reads the last checkpoint instead)
   * @param options the command's options as recorded in the provenance (serialised by Jackson)
   */
  public static <M extends TrainableModel, B> Outcome<M> run(SparkSession spark, TrainingData training,
      ModelFamily<M, B> family, TrainingHooks<M> hooks, LoopSettings settings, M start, Object options)
      throws IOException {
    return run(spark, training, family, hooks, settings, start, options, null);
  }

  /**
   * As {@link #run(SparkSession, TrainingData, ModelFamily, TrainingHooks, LoopSettings, TrainableModel, Object)},
   * with each epoch's minibatch files chosen by {@code sampler} (null: the exported files, shuffled).
   */
  public static <M extends TrainableModel, B> Outcome<M> run(SparkSession spark, TrainingData training,
      ModelFamily<M, B> family, TrainingHooks<M> hooks, LoopSettings settings, M start, Object options,
      EpochSampler<M> sampler) throws IOException {
    return run(spark, training, family, hooks, settings, start, options, sampler, ExportRows.IMAGES);
  }

  /**
   * As {@link #run(SparkSession, TrainingData, ModelFamily, TrainingHooks, LoopSettings, TrainableModel, Object,
   * EpochSampler)}, exporting the rows {@code rows} makes of the shards (e.g. pix2pix's pairs) as the minibatches.
   */
  public static <M extends TrainableModel, B> Outcome<M> run(SparkSession spark, TrainingData training,
      ModelFamily<M, B> family, TrainingHooks<M> hooks, LoopSettings settings, M start, Object options,
      EpochSampler<M> sampler, ExportRows rows) throws IOException {
    Instant startedAt = Instant.now();
    long startNanos = System.nanoTime();
    NativeBackend.logSelection();
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Path out = Storage.qualify(settings.out(), conf);
    FileSystem fs = Storage.fs(out, conf);
    Checkpoints checkpoints = new Checkpoints(out, conf);

    M model;
    int firstEpoch;
    if (settings.resume()) {
      int latest = checkpoints.resumeEpoch(settings.out(), settings.epochs());
      firstEpoch = latest + 1;
      fs.delete(new Path(out, ModelFolder.SUMMARY), false); // no longer a finished run
      try (InputStream in = Storage.fs(out, conf).open(checkpoints.path(latest))) {
        model = family.read(in);
      }
      LOG.info("train: resuming {} from {} (epoch {})", hooks.modelName(), checkpoints.path(latest), latest);
    } else {
      Set<String> owned = new HashSet<>(Set.of(ModelFolder.DESCRIPTOR, ModelFolder.MODEL, ModelFolder.METRICS,
          Checkpoints.FOLDER, ModelFolder.BATCHES));
      if (fs.exists(out) && fs.getFileStatus(out).isDirectory()) {
        for (org.apache.hadoop.fs.FileStatus child : fs.listStatus(out)) {
          if (hooks.ownsFile(child.getPath().getName())) {
            owned.add(child.getPath().getName());
          }
        }
      }
      OutputFolder.prepare(out, conf, settings.overwrite(), ModelFolder.SUMMARY, owned::contains, hooks::keepsFile);
      model = start;
      firstEpoch = 1;
    }
    Storage.writeAtomically(new Path(out, ModelFolder.DESCRIPTOR), hooks.descriptor(firstEpoch - 1), conf);

    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int workers = settings.workers() > 0 ? settings.workers() : spark.sparkContext().defaultParallelism();
    int perWorker = settings.perWorkerBatch(workers);
    List<BatchExport.Batch> batches = BatchExport.export(spark, rows, training.index().shardPaths(training.folder()),
        training.index().size(), training.index().channels(), new Path(out, ModelFolder.BATCHES), perWorker,
        settings.seed(), hooks.labelColumns(), hooks.labelValues());
    List<RunData.Minibatch> trainBatches = new ArrayList<>();
    List<RunData.Minibatch> heldOut = new ArrayList<>();
    for (int i = 0; i < batches.size(); i++) {
      boolean hold = batches.size() >= 2 && (i % HOLD_OUT_EVERY == HOLD_OUT_EVERY - 1
          || (batches.size() < HOLD_OUT_EVERY && i == batches.size() - 1));
      (hold ? heldOut : trainBatches).add(new RunData.Minibatch(batches.get(i).path(), batches.get(i).count()));
    }
    RunData data = new RunData(out, conf, List.copyOf(trainBatches), List.copyOf(heldOut), settings.seed());
    hooks.prepare(data);
    // Examples, not shard rows: pix2pix exports a pair per example, CycleGAN an image of each domain.
    LOG.info("train: {}; {} examples in {} minibatches of {} ({} held out), {} workers, {} trainer, averaging every {} "
        + "steps", hooks.describe(model), batches.stream().mapToLong(BatchExport.Batch::count).sum(), batches.size(), perWorker, heldOut.size(), workers,
        settings.trainer(), settings.averagingFrequency());

    Map<String, Integer> counts = new java.util.HashMap<>();
    batches.forEach(b -> counts.put(b.path(), b.count()));
    EpochRunner<M> runner = runner(jsc, family, model, settings, workers, perWorker, conf, counts);
    MetricsLog metrics = MetricsLog.open(out, conf, firstEpoch, header(hooks.metricColumns()));
    long examplesTrained = 0;
    double trainSeconds = 0;
    double lastEpochSeconds = 0;
    int lastEpoch = firstEpoch - 1;
    for (int epoch = firstEpoch; epoch <= settings.epochs(); epoch++) {
      if (settings.maxTrainMinutes() > 0 && trainSeconds + lastEpochSeconds > settings.maxTrainMinutes() * 60) {
        LOG.info("train: stopping after epoch {}: another epoch would exceed --max-train-minutes {}", lastEpoch,
            settings.maxTrainMinutes());
        break;
      }
      List<String> order;
      if (sampler == null) {
        order = new ArrayList<>(trainBatches.stream().map(RunData.Minibatch::path).toList());
        Collections.shuffle(order, new Random(settings.seed() * 1_000_003L + epoch));
      } else {
        List<RunData.Minibatch> drawn = sampler.epoch(model, epoch, List.copyOf(trainBatches));
        drawn.forEach(b -> counts.put(b.path(), b.count()));
        order = new ArrayList<>(drawn.stream().map(RunData.Minibatch::path).toList());
      }
      if (settings.maxBatches() > 0 && order.size() > settings.maxBatches()) {
        order = order.subList(0, settings.maxBatches());
      }
      long epochStart = System.nanoTime();
      StepMetrics totals = runner.epoch(order, epoch);
      double seconds = (System.nanoTime() - epochStart) / 1e9;
      jsc.clearJobGroup();
      model = runner.model();
      examplesTrained += totals.examples();
      trainSeconds += seconds;
      lastEpochSeconds = seconds;
      lastEpoch = epoch;
      double[] figures = hooks.epochFigures(model, totals);
      for (double figure : figures) {
        if (!Double.isFinite(figure)) {
          throw new IllegalStateException("training diverged at epoch " + epoch + " (" + hooks.describeEpoch(figures)
              + "); try a smaller --lr");
        }
      }
      hooks.afterEpoch(model, epoch, out, conf);
      metrics.append(epoch, figures, totals.examples(), seconds);
      Storage.writeAtomically(new Path(out, ModelFolder.DESCRIPTOR), hooks.descriptor(epoch), conf);
      M checkpointed = model;
      checkpoints.write(epoch, checkpointed::write);
      int epochsLeft = settings.epochs() - epoch;
      LOG.info(String.format("train: epoch %d/%d %s, %,d examples in %.1f s, %.1f examples/s%s", epoch,
          settings.epochs(), hooks.describeEpoch(figures), totals.examples(), seconds,
          totals.examples() / Math.max(seconds, 1e-9), epochsLeft > 0 ? ", ETA " + dev.dgmspark.common.ProgressLog
              .duration(etaSeconds(epochsLeft, epoch - firstEpoch + 1, trainSeconds, settings.maxTrainMinutes()))
              : ""));
    }
    runner.close();
    M finalModel = model;
    Checkpoints.writeStream(new Path(out, ModelFolder.MODEL), conf, finalModel::write);
    Object figures = hooks.finish(model, data);
    fs.delete(new Path(out, ModelFolder.BATCHES), true);

    double seconds = (System.nanoTime() - startNanos) / 1e9;
    TrainingSummary summary = new TrainingSummary("train", hooks.modelName(), out.toString(), lastEpoch,
        settings.epochs(), firstEpoch, examplesTrained, TrainingSummary.round(trainSeconds),
        TrainingSummary.round(examplesTrained / Math.max(trainSeconds, 1e-9)), TrainingSummary.round(seconds),
        settings.trainer().label(), NativeBackend.describe(), workers, perWorker, trainBatches.size(), heldOut.size(),
        figures, hooks.config(), training.indexFile().toString(), training.indexSha256(), training.index().rows(),
        Provenance.of("train", options, startedAt));
    Storage.writeAtomically(new Path(out, ModelFolder.SUMMARY), Json.pretty(summary), conf);
    LOG.info("train: done in {} s; model {}, metrics {}", summary.seconds(), new Path(out, ModelFolder.MODEL),
        new Path(out, ModelFolder.METRICS));
    return new Outcome<>(model, summary);
  }

  private static String header(List<String> columns) {
    return "epoch," + String.join(",", columns) + ",examples,seconds,examples_per_second";
  }

  /** Trains one epoch over minibatch files, however the trainer spreads it. */
  private interface EpochRunner<M> {
    StepMetrics epoch(List<String> batchPaths, int epoch);

    M model();

    void close();
  }

  private static <M extends TrainableModel, B> EpochRunner<M> runner(JavaSparkContext jsc, ModelFamily<M, B> family,
      M start, LoopSettings settings, int workers, int perWorker, Configuration conf, Map<String, Integer> counts) {
    if (settings.trainer() == TrainerKind.DL4J_SPARK) {
      if (!(family instanceof GraphFamily<?>)) {
        throw new dev.dgmspark.common.UsageException("--trainer dl4j-spark trains single-network models (ae, vae, "
            + "betavae); use --trainer averaging");
      }
      @SuppressWarnings("unchecked")
      GraphFamily<M> graphs = (GraphFamily<M>) family;
      return new Dl4jSparkRunner<>(jsc, graphs, start, settings, workers, perWorker, counts);
    }
    return new AveragingRunner<>(jsc, family, start, settings, workers, conf);
  }

  /**
   * Seconds of training left: the remaining epochs at the mean epoch time so far, or, when
   * {@code --max-train-minutes} ends the run sooner, what is left of that budget (the loop starts no epoch that would
   * end beyond it).
   */
  static double etaSeconds(int epochsLeft, int epochsDone, double trainSeconds, double maxTrainMinutes) {
    double byEpochs = epochsLeft * trainSeconds / Math.max(1, epochsDone);
    if (maxTrainMinutes <= 0) {
      return byEpochs;
    }
    return Math.min(byEpochs, Math.max(0, maxTrainMinutes * 60 - trainSeconds));
  }

  /** Epochs as the engine's own averaging rounds. */
  private static final class AveragingRunner<M extends TrainableModel, B> implements EpochRunner<M> {
    private final JavaSparkContext jsc;
    private final ModelFamily<M, B> family;
    private final M model;
    private final LoopSettings settings;
    private final int workers;
    private final Broadcast<SerializableConfiguration> hadoop;
    private TrainingState state;

    AveragingRunner(JavaSparkContext jsc, ModelFamily<M, B> family, M model, LoopSettings settings, int workers,
        Configuration conf) {
      this.jsc = jsc;
      this.family = family;
      this.model = model;
      this.settings = settings;
      this.workers = workers;
      this.hadoop = jsc.broadcast(new SerializableConfiguration(conf));
      this.state = model.state();
    }

    @Override
    public StepMetrics epoch(List<String> batchPaths, int epoch) {
      List<List<WorkerTask>> rounds = RoundPlan.plan(batchPaths, workers, settings.averagingFrequency(),
          family.batchesPerStep(), settings.seed(), epoch);
      StepMetrics totals = new StepMetrics(family.stepFigures());
      for (int r = 0; r < rounds.size(); r++) {
        jsc.setJobGroup("dgm-train", String.format("train: epoch %d/%d, averaging round %d/%d, %d workers", epoch,
            settings.epochs(), r + 1, rounds.size(), rounds.get(r).size()), false);
        StateSum sum = AveragingRound.run(jsc, family, state, rounds.get(r), hadoop);
        state = sum.mean();
        totals.add(sum.metrics());
      }
      state = state.withEpoch(epoch);
      model.setState(state);
      return totals;
    }

    @Override
    public M model() {
      return model;
    }

    @Override
    public void close() {
      hadoop.destroy();
    }
  }

  /** Epochs through dl4j-spark's parameter averaging; its step figure is the workers' mean minibatch score. */
  private static final class Dl4jSparkRunner<M extends TrainableModel> implements EpochRunner<M> {
    private final JavaSparkContext jsc;
    private final GraphFamily<M> family;
    private final Dl4jSparkTrainer trainer;
    private final LoopSettings settings;
    private final List<String> figures;
    private final Map<String, Integer> counts;
    private M model;

    Dl4jSparkRunner(JavaSparkContext jsc, GraphFamily<M> family, M start, LoopSettings settings, int workers,
        int perWorker, Map<String, Integer> counts) {
      this.counts = counts;
      this.jsc = jsc;
      this.family = family;
      this.settings = settings;
      this.model = start;
      this.figures = ((ModelFamily<?, ?>) family).stepFigures();
      this.trainer = new Dl4jSparkTrainer(jsc, family.graph(start), family.loader(), workers, perWorker,
          settings.averagingFrequency(), settings.seed());
    }

    @Override
    public StepMetrics epoch(List<String> batchPaths, int epoch) {
      jsc.setJobGroup("dgm-train", String.format("train: epoch %d/%d, %d minibatches through dl4j-spark", epoch,
          settings.epochs(), batchPaths.size()), false);
      ComputationGraph net = trainer.fitEpoch(batchPaths);
      model = family.wrap(net);
      StepMetrics totals = new StepMetrics(figures);
      if (!figures.isEmpty()) {
        totals.add(figures.get(0), trainer.lastScore());
      }
      long examples = 0;
      for (String path : batchPaths) {
        examples += counts.get(path);
      }
      totals.addExamples(examples);
      return totals;
    }

    @Override
    public M model() {
      return model;
    }

    @Override
    public void close() {}
  }
}
