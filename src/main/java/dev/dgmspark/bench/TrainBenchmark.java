package dev.dgmspark.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dgmspark.common.ModelKind;
import dev.dgmspark.engine.LocalRound;
import dev.dgmspark.engine.MinibatchFiles;
import dev.dgmspark.engine.ModelFamily;
import dev.dgmspark.engine.RoundPlan;
import dev.dgmspark.engine.StateSum;
import dev.dgmspark.engine.TrainableModel;
import dev.dgmspark.engine.TrainingState;
import dev.dgmspark.engine.WorkerTask;
import dev.dgmspark.engine.spark.AveragingRound;
import dev.dgmspark.engine.spark.BatchExport;
import dev.dgmspark.engine.spark.Dl4jSparkTrainer;
import dev.dgmspark.gan.ConditionMode;
import dev.dgmspark.gan.GanConfig;
import dev.dgmspark.gan.GanFamily;
import dev.dgmspark.gan.GanModel;
import dev.dgmspark.io.Json;
import dev.dgmspark.io.SerializableConfiguration;
import dev.dgmspark.minibatch.ImageBatchFile;
import dev.dgmspark.nn.FlopCount;
import dev.dgmspark.nn.NativeBackend;
import dev.dgmspark.shard.ShardIndex;
import dev.dgmspark.spark.SparkSessions;
import dev.dgmspark.train.TrainOptions;
import dev.dgmspark.vae.VaeConfig;
import dev.dgmspark.vae.VaeFamily;
import dev.dgmspark.vae.VaeModel;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Training throughput of the engine's model families on the same minibatch files: one JVM without Spark (the
 * family's steps in one loop), Spark's averaging rounds, and for the VAE dl4j-spark's parameter averaging and the
 * previous network design (transposed-convolution decoder, DL4J's im2col convolutions); plus the machine's float
 * GEMM peak and the FLOPs per example counted from the layer shapes. Each mode adds its figures, with the load
 * average, to one JSON result file, so that {@code scripts/bench-train} and {@code scripts/bench-gan} can run the
 * modes in separate JVMs (ND4J's thread count is a process setting) and compare them in one run.
 *
 * <p>Usage: {@code export <shards> <batches dir> <batch size>} | {@code gemm <result>} | {@code single <family>
 * <batches dir> <result> <epochs>} | {@code spark <family> <batches dir> <result> <epochs> <master> <averaging
 * frequency> [averaging|dl4j-spark]} | {@code summarize <family> <result>}; families: {@code vae},
 * {@code vae-legacy}, {@code gan} (16 filters).
 */
public final class TrainBenchmark {
  private static final Logger LOG = LoggerFactory.getLogger(TrainBenchmark.class);
  private static final int LATENT = TrainOptions.DEFAULT_LATENT_DIM;
  private static final int NOISE = 64;
  private static final int GAN_FILTERS = 16;
  private static final int GEMM_SIZE = 1024;
  /** Least time of warm-up epochs before a timed run ({@code BENCH_WARMUP_SECONDS}, default 60); see warmUp. */
  private static final double WARM_UP_SECONDS =
      Double.parseDouble(System.getenv().getOrDefault("BENCH_WARMUP_SECONDS", "60"));

  private TrainBenchmark() {}

  public static void main(String[] args) throws Exception {
    NativeBackend.select();
    switch (args[0]) {
      case "export" -> export(Path.of(args[1]), Path.of(args[2]), Integer.parseInt(args[3]));
      case "gemm" -> gemm(Path.of(args[1]));
      case "single" -> single(args[1], Path.of(args[2]), Path.of(args[3]), Integer.parseInt(args[4]));
      case "spark" -> spark(args[1], Path.of(args[2]), Path.of(args[3]), Integer.parseInt(args[4]), args[5],
          Integer.parseInt(args[6]), args.length > 7 ? args[7] : "averaging");
      case "summarize" -> summarize(args[1], Path.of(args[2]));
      default -> throw new IllegalArgumentException("mode must be export, gemm, single, spark or summarize: "
          + args[0]);
    }
  }

  private static void export(Path shards, Path batches, int batchSize) throws Exception {
    try (SparkSession spark = SparkSession.builder().master("local[2]").appName("bench-train-export")
        .config("spark.ui.enabled", "false").getOrCreate()) {
      Configuration conf = spark.sparkContext().hadoopConfiguration();
      org.apache.hadoop.fs.Path data = new org.apache.hadoop.fs.Path(shards.toUri());
      ShardIndex index = ShardIndex.read(data, conf);
      BatchExport.export(spark, index.shardPaths(data), index.size(), index.channels(),
          new org.apache.hadoop.fs.Path(batches.toUri()), batchSize, 1, List.of(), List.of());
    }
  }

  /** Float GEMM of two 1024x1024 matrices: the best of ten after a warm-up, kept if better than earlier calls'. */
  private static void gemm(Path result) throws Exception {
    INDArray a = Nd4j.rand(DataType.FLOAT, GEMM_SIZE, GEMM_SIZE);
    INDArray b = Nd4j.rand(DataType.FLOAT, GEMM_SIZE, GEMM_SIZE);
    INDArray c = Nd4j.create(DataType.FLOAT, GEMM_SIZE, GEMM_SIZE);
    for (int i = 0; i < 3; i++) {
      a.mmuli(b, c);
    }
    double best = Double.MAX_VALUE;
    for (int i = 0; i < 10; i++) {
      long start = System.nanoTime();
      a.mmuli(b, c);
      best = Math.min(best, (System.nanoTime() - start) / 1e9);
    }
    double flops = 2.0 * GEMM_SIZE * GEMM_SIZE * GEMM_SIZE / best;
    String threads = System.getenv().getOrDefault("OMP_NUM_THREADS", "default");
    LOG.info("bench: float GEMM {}x{} on {} threads: {} GFLOP/s", GEMM_SIZE, GEMM_SIZE, threads,
        Math.round(flops / 1e8) / 10.0);
    ObjectNode root = read(result);
    // The peak: the best of this and any earlier call of the same run (the script measures it between repeats).
    double earlier = root.path("gemm_gflops_threads_" + threads).asDouble(0);
    root.put("gemm_gflops_threads_" + threads, Math.max(earlier, Math.round(flops / 1e8) / 10.0));
    write(result, root);
  }

  private static List<String> paths(Path batches) throws Exception {
    try (Stream<Path> files = Files.list(batches)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".bin")).sorted()
          .map(p -> p.toUri().toString()).toList();
    }
  }

  private static long examples(List<String> paths) throws Exception {
    long n = 0;
    for (String path : paths) {
      try (InputStream in = Files.newInputStream(Path.of(java.net.URI.create(path)))) {
        n += ImageBatchFile.read(in).count();
      }
    }
    return n;
  }

  /** The family named on the command line, sized for the exported images. */
  private static ModelFamily<?, ?> family(String name, Path batches) throws Exception {
    ImageBatchFile first;
    try (InputStream in = Files.newInputStream(Path.of(java.net.URI.create(paths(batches).get(0))))) {
      first = ImageBatchFile.read(in);
    }
    return switch (name) {
      // The default VAE for these images: the likelihood, latent size and learning rate train would pick.
      case "vae" -> new VaeFamily(TrainOptions.of(ModelKind.VAE, "", "")
          .withAutoencoderDefaults(first.channels(), null).newAutoencoder(first.height(), first.channels()));
      case "vae-legacy" -> new LegacyVaeFamily(new VaeConfig(ModelKind.VAE, first.height(), first.channels(), LATENT,
          1.0, 1e-3, 1));
      case "gan" -> new GanFamily(new GanConfig(false, first.height(), first.channels(), NOISE, GAN_FILTERS,
          List.of(), List.of(), 2e-4, 0.5, 0.1, 1, 1, ConditionMode.INPUT), List.of());
      default -> throw new IllegalArgumentException("family must be vae, vae-legacy or gan: " + name);
    };
  }

  /**
   * Training FLOPs per real example, in forward passes counted from the layer shapes (a backward pass costs two).
   * VAE: forward and backward, 3. GAN, per real image: the discriminator step generates one image (G forward) and
   * trains D on a real and a generated one (2 x 3 D passes); the generator step runs G forward and backward (3 G)
   * and D forward and backward for the input gradient (3 D): 4 G + 9 D.
   */
  private static double trainingFlops(ModelFamily<?, ?> family, TrainableModel model) {
    if (model instanceof VaeModel vae) {
      VaeConfig c = family instanceof VaeFamily v ? v.config() : ((LegacyVaeFamily) family).config();
      return FlopCount.trainingPerExample(FlopCount.forwardPerExample(vae.network(),
          InputType.convolutional(c.imageSize(), c.imageSize(), c.channels())));
    }
    GanModel gan = (GanModel) model;
    GanConfig c = gan.config();
    return 4 * FlopCount.forwardPerExample(gan.generator(), InputType.feedForward(c.noiseDim() + c.conditionSize()))
        + 9 * FlopCount.forwardPerExample(gan.discriminator(),
            InputType.convolutional(c.imageSize(), c.imageSize(), c.discriminatorChannels()));
  }

  /**
   * One JVM, no Spark: the family's steps over every file in one loop, after warm-up epochs as the Spark runs
   * ({@link #warmUp}).
   */
  private static <M extends TrainableModel, B> void single(String name, Path batches, Path result, int epochs)
      throws Exception {
    @SuppressWarnings("unchecked")
    ModelFamily<M, B> family = (ModelFamily<M, B>) family(name, batches);
    List<String> paths = paths(batches);
    Configuration conf = new Configuration();
    M model = family.create();
    LocalRound.BatchSource<B> source = path -> MinibatchFiles.read(family, path, conf);
    TrainingState[] state = {model.state()};
    int warmUp = warmUp(() -> state[0] = LocalRound.run(family, model, state[0], new WorkerTask(0, 1, paths), source)
        .mean());
    double loadBefore = loadAverage();
    long jitBefore = jitMillis();
    long start = System.nanoTime();
    for (int e = 0; e < epochs; e++) {
      state[0] = LocalRound.run(family, model, state[0], new WorkerTask(0, 2 + e, paths), source).mean();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long jit = jitMillis() - jitBefore;
    double rate = examples(paths) * epochs / seconds;
    String threads = System.getenv().getOrDefault("OMP_NUM_THREADS", "default");
    LOG.info("bench: {} single JVM, {} ND4J threads: {} examples/s", name, threads, Math.round(rate * 10) / 10.0);
    ObjectNode root = read(result);
    root.put(name + "_training_mflop_per_example", Math.round(trainingFlops(family, model) / 1e5) / 10.0);
    root.put("nd4j_build", NativeBackend.describe());
    record(root, name + "_single_jvm_threads_" + threads, rate, seconds, loadBefore, warmUp, jit);
    write(result, root);
  }

  /** Spark over the same files, every task slot a worker, after warm-up epochs: averaging rounds or dl4j-spark. */
  private static <M extends TrainableModel, B> void spark(String name, Path batches, Path result, int epochs,
      String master, int frequency, String trainer) throws Exception {
    @SuppressWarnings("unchecked")
    ModelFamily<M, B> family = (ModelFamily<M, B>) family(name, batches);
    List<String> paths = paths(batches);
    SparkSession.Builder builder = SparkSession.builder().master(master).appName("bench-train")
        .config("spark.ui.enabled", "false");
    SparkSessions.DEFAULTS.forEach(builder::config); // what the jobs run with
    try (SparkSession spark = builder.getOrCreate()) {
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      int workers = spark.sparkContext().defaultParallelism();
      Epochs epochRunner = trainer.equals("dl4j-spark")
          ? new Dl4jSparkEpochs(jsc, (VaeFamily) family, workers, frequency, paths)
          : new AveragingEpochs<>(jsc, family, workers, frequency);
      int warmUp = warmUp(() -> epochRunner.run(paths, 0));
      double loadBefore = loadAverage();
      long jitBefore = jitMillis();
      long start = System.nanoTime();
      for (int e = 1; e <= epochs; e++) {
        epochRunner.run(paths, e);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      long jit = jitMillis() - jitBefore;
      double rate = examples(paths) * epochs / seconds;
      LOG.info("bench: {} Spark {} {} ({} workers, averaging every {} steps): {} examples/s", name, master, trainer,
          workers, frequency, Math.round(rate * 10) / 10.0);
      ObjectNode root = read(result);
      // The model's default averaging frequency carries no suffix: summarize compares that run with the single JVM.
      int defaultFrequency = TrainOptions.defaultAveragingFrequency(name.equals("gan") ? ModelKind.GAN : ModelKind.VAE);
      record(root, name + "_spark_" + master.replaceAll("[^a-z0-9]", "") + (trainer.equals("dl4j-spark")
          ? "_dl4j_spark" : "") + (frequency == defaultFrequency ? "" : "_every_" + frequency),
          rate, seconds, loadBefore, warmUp, jit);
      write(result, root);
    }
  }

  /** Adds the ratios the issue tracks: FLOP rate ÷ GEMM peak (single JVM, one thread), local[2] ÷ single JVM. */
  private static void summarize(String name, Path result) throws Exception {
    ObjectNode root = read(result);
    double single = root.path(name + "_single_jvm_threads_1_examples_per_second").asDouble(Double.NaN);
    double mflop = root.path(name + "_training_mflop_per_example").asDouble(Double.NaN);
    double gemm = root.path("gemm_gflops_threads_1").asDouble(Double.NaN);
    double local2 = root.path(name + "_spark_local2_examples_per_second").asDouble(Double.NaN);
    double achieved = single * mflop / 1e3;
    root.put(name + "_achieved_gflops_single_jvm", Math.round(achieved * 10) / 10.0);
    root.put(name + "_flop_rate_fraction", Math.round(achieved / gemm * 1000) / 1000.0);
    if (Double.isFinite(local2)) { // the legacy design has no Spark run
      root.put(name + "_local2_vs_single_jvm", Math.round(local2 / single * 100) / 100.0);
    }
    write(result, root);
    LOG.info("bench: {}: {} GFLOP/s of a {} GFLOP/s GEMM peak ({}), local[2] {}x the single JVM", name,
        root.get(name + "_achieved_gflops_single_jvm"), gemm, root.get(name + "_flop_rate_fraction"),
        root.get(name + "_local2_vs_single_jvm"));
  }

  /** Trains one epoch over files. */
  private interface Epochs {
    void run(List<String> paths, int epoch) throws Exception;
  }

  private static final class AveragingEpochs<M extends TrainableModel, B> implements Epochs {
    private final JavaSparkContext jsc;
    private final ModelFamily<M, B> family;
    private final int workers;
    private final int frequency;
    private final Broadcast<SerializableConfiguration> hadoop;
    private TrainingState state;

    AveragingEpochs(JavaSparkContext jsc, ModelFamily<M, B> family, int workers, int frequency) {
      this.jsc = jsc;
      this.family = family;
      this.workers = workers;
      this.frequency = frequency;
      this.hadoop = jsc.broadcast(new SerializableConfiguration(jsc.hadoopConfiguration()));
      this.state = family.create().state();
    }

    @Override
    public void run(List<String> paths, int epoch) {
      for (List<WorkerTask> round : RoundPlan.plan(paths, workers, frequency, family.batchesPerStep(), 1, epoch)) {
        StateSum sum = AveragingRound.run(jsc, family, state, round, hadoop);
        state = sum.mean();
      }
    }
  }

  /** dl4j-spark as {@code train --trainer dl4j-spark} drives it. */
  private static final class Dl4jSparkEpochs implements Epochs {
    private final Dl4jSparkTrainer trainer;

    Dl4jSparkEpochs(JavaSparkContext jsc, VaeFamily family, int workers, int frequency, List<String> paths)
        throws Exception {
      int perWorker;
      try (InputStream in = Files.newInputStream(Path.of(java.net.URI.create(paths.get(0))))) {
        perWorker = ImageBatchFile.read(in).count();
      }
      this.trainer = new Dl4jSparkTrainer(jsc, family.create().network(), family.loader(), workers, perWorker,
          frequency, 1);
    }

    @Override
    public void run(List<String> paths, int epoch) {
      trainer.fitEpoch(paths);
    }
  }

  /** The one-minute load average, to show how busy the shared machine was. */
  static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (Exception e) {
      return -1;
    }
  }

  /**
   * Records one run under {@code key}: its rate in {@code key_runs_examples_per_second}, and as
   * {@code key_examples_per_second} the median over every run of {@code key} so far (the script alternates repeated
   * runs, as single runs on a shared machine vary by 20-40%).
   */
  private static void record(ObjectNode root, String key, double rate, double seconds, double loadBefore,
      int warmUpEpochs, long jitMillis) {
    com.fasterxml.jackson.databind.node.ArrayNode runs = root.withArray(key + "_runs_examples_per_second");
    runs.add(Math.round(rate * 10) / 10.0);
    double[] rates = new double[runs.size()];
    for (int i = 0; i < rates.length; i++) {
      rates[i] = runs.get(i).asDouble();
    }
    java.util.Arrays.sort(rates);
    double median = rates.length % 2 == 1 ? rates[rates.length / 2]
        : (rates[rates.length / 2 - 1] + rates[rates.length / 2]) / 2;
    root.put(key + "_examples_per_second", Math.round(median * 10) / 10.0);
    root.put(key + "_seconds", Math.round(seconds * 10) / 10.0);
    root.put(key + "_load_average_before", loadBefore);
    root.put(key + "_load_average_after", loadAverage());
    root.withArray(key + "_runs_warm_up_epochs").add(warmUpEpochs);
    root.withArray(key + "_runs_jit_compile_ms").add(jitMillis);
  }

  /**
   * Trains warm-up epochs until {@link #WARM_UP_SECONDS} have passed (at least one) and returns how many. Why a time
   * and not one epoch: the JIT compiler keeps compiling Spark's, DL4J's and ND4J's code for about 45 s (measured on
   * the default VAE, {@code local[2]}: its C2 thread used about 1 s of CPU every 5 s until then, about 0.1 s after),
   * and under {@code local[2]} that CPU comes out of the two workers' while a single JVM has an idle core for it: after
   * one warm-up epoch {@code local[2]} measured 1.38-1.56x the single JVM, after 12 epochs (about 50 s) 1.60-1.86x.
   */
  private static int warmUp(WarmUpEpoch epoch) throws Exception {
    long start = System.nanoTime();
    int epochs = 0;
    do {
      epoch.run();
      epochs++;
    } while ((System.nanoTime() - start) / 1e9 < WARM_UP_SECONDS);
    return epochs;
  }

  /** Milliseconds the JIT compiler has spent so far in this JVM (-1 if the JVM does not say). */
  private static long jitMillis() {
    java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
    return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1;
  }

  /** One warm-up epoch. */
  @FunctionalInterface
  private interface WarmUpEpoch {
    void run() throws Exception;
  }

  private static ObjectNode read(Path result) throws Exception {
    if (!Files.exists(result)) {
      return Json.MAPPER.createObjectNode();
    }
    JsonNode node = Json.MAPPER.readTree(result.toFile());
    return (ObjectNode) node;
  }

  private static synchronized void write(Path result, ObjectNode root) throws Exception {
    Files.createDirectories(result.toAbsolutePath().getParent());
    Files.write(result, Json.pretty(root));
  }

}
