package dev.dgmspark.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dgmspark.gan.AveragingRound;
import dev.dgmspark.gan.GanConfig;
import dev.dgmspark.gan.GanModel;
import dev.dgmspark.gan.GanState;
import dev.dgmspark.gan.LocalTraining;
import dev.dgmspark.gan.RealBatch;
import dev.dgmspark.gan.RoundPlan;
import dev.dgmspark.gan.StateSum;
import dev.dgmspark.gan.WorkerTask;
import dev.dgmspark.io.Json;
import dev.dgmspark.io.SerializableConfiguration;
import dev.dgmspark.train.ImageBatchFile;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GAN training throughput: the same generator and discriminator on the same minibatch files (exported by
 * {@code TrainBenchmark export}), trained in one JVM by one loop of alternating steps (no Spark, no averaging) and
 * through Spark's averaging rounds. Each mode adds its figures, and the machine's load average while it ran, to one
 * JSON result file.
 *
 * <p>Usage: {@code GanBenchmark single <batches dir> <result> <epochs> <filters>} | {@code spark <batches dir>
 * <result> <epochs> <filters> <master> <averaging frequency>}. Each mode first trains a warm-up pass over a tenth
 * of the files.
 */
public final class GanBenchmark {
  private static final Logger LOG = LoggerFactory.getLogger(GanBenchmark.class);
  private static final int NOISE = 64;

  private GanBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path batches = Path.of(args[1]);
    Path result = Path.of(args[2]);
    int epochs = Integer.parseInt(args[3]);
    int filters = Integer.parseInt(args[4]);
    switch (args[0]) {
      case "single" -> single(batches, result, epochs, filters);
      case "spark" -> spark(batches, result, epochs, filters, args[5], Integer.parseInt(args[6]));
      default -> throw new IllegalArgumentException("mode must be single or spark: " + args[0]);
    }
  }

  private static List<String> paths(Path batches) throws Exception {
    try (Stream<Path> files = Files.list(batches)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".bin")).sorted()
          .map(p -> p.toUri().toString()).toList();
    }
  }

  private static long examples(Path batches) throws Exception {
    long n = 0;
    for (String path : paths(batches)) {
      try (InputStream in = Files.newInputStream(Path.of(java.net.URI.create(path)))) {
        n += ImageBatchFile.read(in).count();
      }
    }
    return n;
  }

  private static GanConfig config(Path batches, int filters) throws Exception {
    try (InputStream in = Files.newInputStream(Path.of(java.net.URI.create(paths(batches).get(0))))) {
      ImageBatchFile first = ImageBatchFile.read(in);
      return new GanConfig(false, first.height(), first.channels(), NOISE, filters, List.of(), List.of(), 2e-4, 0.5,
          0.1, 1, 1);
    }
  }

  /** One JVM: one loop of alternating steps over every file, reading each file as a worker would. */
  private static void single(Path batches, Path result, int epochs, int filters) throws Exception {
    GanConfig config = config(batches, filters);
    List<String> paths = paths(batches);
    Configuration conf = new Configuration();
    GanModel model = GanModel.create(config);
    LocalTraining.BatchSource source = path -> RealBatch.read(path, config, new int[0], conf);
    GanState state = LocalTraining.run(model, model.state(), new WorkerTask(0, 1, paths.subList(0,
        Math.max(1, paths.size() / 10))), source).mean();
    double loadBefore = loadAverage();
    long start = System.nanoTime();
    for (int e = 0; e < epochs; e++) {
      state = LocalTraining.run(model, state, new WorkerTask(0, 2 + e, paths), source).mean();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double rate = examples(batches) * epochs / seconds;
    String threads = System.getenv().getOrDefault("OMP_NUM_THREADS", "default");
    LOG.info("bench: GAN single JVM, {} ND4J threads: {} examples/s", threads, Math.round(rate * 10) / 10.0);
    record(result, "single_jvm_threads_" + threads, rate, seconds, loadBefore);
  }

  /** Spark averaging rounds over the same files, every task slot a worker. */
  private static void spark(Path batches, Path result, int epochs, int filters, String master, int frequency)
      throws Exception {
    GanConfig config = config(batches, filters);
    List<String> paths = paths(batches);
    try (SparkSession spark = SparkSession.builder().master(master).appName("bench-gan")
        .config("spark.ui.enabled", "false")
        .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
        .config("spark.kryo.registrator", "dev.dgmspark.spark.DgmKryoRegistrator").getOrCreate()) {
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      Broadcast<SerializableConfiguration> hadoop = jsc.broadcast(new SerializableConfiguration(
          spark.sparkContext().hadoopConfiguration()));
      int workers = spark.sparkContext().defaultParallelism();
      GanState state = GanModel.create(config).state();
      state = epoch(jsc, config, state, paths.subList(0, Math.max(workers, paths.size() / 10)), workers, frequency,
          0, hadoop);
      double loadBefore = loadAverage();
      long start = System.nanoTime();
      for (int e = 1; e <= epochs; e++) {
        state = epoch(jsc, config, state, paths, workers, frequency, e, hadoop);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      double rate = examples(batches) * epochs / seconds;
      LOG.info("bench: GAN Spark {} ({} workers, averaging every {} generator steps): {} examples/s", master,
          workers, frequency, Math.round(rate * 10) / 10.0);
      record(result, "spark_" + master.replaceAll("[^a-z0-9]", ""), rate, seconds, loadBefore);
    }
  }

  private static GanState epoch(JavaSparkContext jsc, GanConfig config, GanState state, List<String> paths,
      int workers, int frequency, int epoch, Broadcast<SerializableConfiguration> hadoop) {
    for (List<WorkerTask> round : RoundPlan.plan(paths, workers, frequency, 1, 1, epoch)) {
      StateSum sum = AveragingRound.run(jsc, config, new int[0], state, round, hadoop);
      state = sum.mean();
    }
    return state;
  }

  /** The one-minute load average, to show how busy the shared machine was. */
  private static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (Exception e) {
      return -1;
    }
  }

  private static synchronized void record(Path result, String key, double rate, double seconds, double loadBefore)
      throws Exception {
    ObjectNode root = Files.exists(result) ? (ObjectNode) Json.MAPPER.readTree(result.toFile())
        : Json.MAPPER.createObjectNode();
    root.put(key + "_examples_per_second", Math.round(rate * 10) / 10.0);
    root.put(key + "_seconds", Math.round(seconds * 10) / 10.0);
    root.put(key + "_load_average_before", loadBefore);
    root.put(key + "_load_average_after", loadAverage());
    Files.createDirectories(result.getParent());
    Files.write(result, Json.pretty(root));
  }
}
