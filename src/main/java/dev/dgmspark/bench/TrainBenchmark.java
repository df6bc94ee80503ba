package dev.dgmspark.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dgmspark.io.Json;
import dev.dgmspark.model.ModelKind;
import dev.dgmspark.model.VaeConfig;
import dev.dgmspark.model.VaeNetwork;
import dev.dgmspark.shard.ShardIndex;
import dev.dgmspark.train.BatchExport;
import dev.dgmspark.train.ImageBatchFile;
import dev.dgmspark.train.ImageBatchLoader;
import dev.dgmspark.train.ParameterAveragingTrainer;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * VAE training throughput: the same network on the same minibatch files, fitted in one JVM (no Spark) and through
 * Spark's parameter averaging. Each mode adds its figures to one JSON result file, so that {@code scripts/bench-train}
 * can run the single-JVM mode once per ND4J thread count (a process setting) and compare all in one run.
 *
 * <p>Usage: {@code TrainBenchmark export <shards> <batches dir> <batch size>} | {@code single <batches dir> <result>
 * <epochs>} | {@code spark <batches dir> <result> <epochs> <master> <averaging frequency>}.
 */
public final class TrainBenchmark {
  private static final Logger LOG = LoggerFactory.getLogger(TrainBenchmark.class);
  private static final int LATENT = 16;

  private TrainBenchmark() {}

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "export" -> export(Path.of(args[1]), Path.of(args[2]), Integer.parseInt(args[3]));
      case "single" -> single(Path.of(args[1]), Path.of(args[2]), Integer.parseInt(args[3]));
      case "spark" -> spark(Path.of(args[1]), Path.of(args[2]), Integer.parseInt(args[3]), args[4],
          Integer.parseInt(args[5]));
      default -> throw new IllegalArgumentException("mode must be export, single or spark: " + args[0]);
    }
  }

  private static void export(Path shards, Path batches, int batchSize) throws Exception {
    try (SparkSession spark = SparkSession.builder().master("local[2]").appName("bench-train-export")
        .config("spark.ui.enabled", "false").getOrCreate()) {
      Configuration conf = spark.sparkContext().hadoopConfiguration();
      org.apache.hadoop.fs.Path data = new org.apache.hadoop.fs.Path(shards.toUri());
      ShardIndex index = ShardIndex.read(data, conf);
      BatchExport.export(spark, index.shardPaths(data), index.size(), index.channels(),
          new org.apache.hadoop.fs.Path(batches.toUri()), batchSize, 1);
    }
  }

  private static List<Path> batchFiles(Path batches) throws Exception {
    try (Stream<Path> files = Files.list(batches)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".bin")).sorted().toList();
    }
  }

  private static VaeConfig config(Path batches) throws Exception {
    try (InputStream in = Files.newInputStream(batchFiles(batches).get(0))) {
      ImageBatchFile first = ImageBatchFile.read(in);
      return new VaeConfig(ModelKind.VAE, first.height(), first.channels(), LATENT, 1.0, 1e-3, 1);
    }
  }

  /** One JVM, no Spark: fit every minibatch in turn; one warm-up epoch, then the timed ones. */
  private static void single(Path batches, Path result, int epochs) throws Exception {
    VaeConfig config = config(batches);
    ImageBatchLoader loader = new ImageBatchLoader(ModelKind.VAE, LATENT);
    List<MultiDataSet> data = new ArrayList<>();
    long examples = 0;
    for (Path file : batchFiles(batches)) {
      try (InputStream in = Files.newInputStream(file)) {
        MultiDataSet mds = loader.toMultiDataSet(ImageBatchFile.read(in));
        examples += mds.getFeatures(0).size(0);
        data.add(mds);
      }
    }
    ComputationGraph net = VaeNetwork.build(config);
    data.forEach(net::fit);
    long start = System.nanoTime();
    for (int e = 0; e < epochs; e++) {
      data.forEach(net::fit);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    String threads = System.getenv().getOrDefault("OMP_NUM_THREADS", "default");
    double rate = examples * epochs / seconds;
    LOG.info("bench: single JVM, {} ND4J threads: {} examples/s", threads, Math.round(rate * 10) / 10.0);
    record(result, "single_jvm_threads_" + threads + "_examples_per_second", rate);
  }

  /** Spark parameter averaging over the same files; one warm-up epoch, then the timed ones. */
  private static void spark(Path batches, Path result, int epochs, String master, int averagingFrequency)
      throws Exception {
    VaeConfig config = config(batches);
    List<String> paths = batchFiles(batches).stream().map(p -> p.toUri().toString()).toList();
    long examples = 0;
    for (Path file : batchFiles(batches)) {
      try (InputStream in = Files.newInputStream(file)) {
        examples += ImageBatchFile.read(in).count();
      }
    }
    int perWorker;
    try (InputStream in = Files.newInputStream(batchFiles(batches).get(0))) {
      perWorker = ImageBatchFile.read(in).count();
    }
    try (SparkSession spark = SparkSession.builder().master(master).appName("bench-train")
        .config("spark.ui.enabled", "false")
        .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
        .config("spark.kryo.registrator", "dev.dgmspark.spark.DgmKryoRegistrator").getOrCreate()) {
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      int workers = spark.sparkContext().defaultParallelism();
      ParameterAveragingTrainer trainer = new ParameterAveragingTrainer(jsc, VaeNetwork.build(config),
          new ImageBatchLoader(ModelKind.VAE, LATENT), workers, perWorker, averagingFrequency, 1);
      trainer.fitEpoch(jsc.parallelize(paths, workers));
      long start = System.nanoTime();
      for (int e = 0; e < epochs; e++) {
        trainer.fitEpoch(jsc.parallelize(paths, workers));
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      double rate = examples * epochs / seconds;
      LOG.info("bench: Spark {} ({} workers, averaging every {}): {} examples/s", master, workers,
          averagingFrequency, Math.round(rate * 10) / 10.0);
      record(result, "spark_" + master.replaceAll("[^a-z0-9]", "") + "_examples_per_second", rate);
    }
  }

  private static synchronized void record(Path result, String key, double value) throws Exception {
    ObjectNode root = Files.exists(result) ? (ObjectNode) Json.MAPPER.readTree(result.toFile())
        : Json.MAPPER.createObjectNode();
    root.put(key, Math.round(value * 10) / 10.0);
    Files.createDirectories(result.getParent());
    Files.write(result, Json.pretty(root));
  }
}
