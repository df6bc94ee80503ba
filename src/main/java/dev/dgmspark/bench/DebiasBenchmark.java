package dev.dgmspark.bench;

import dev.dgmspark.debias.Combine;
import dev.dgmspark.debias.DebiasWeights;
import dev.dgmspark.debias.LatentHistograms;
import dev.dgmspark.debias.LatentRange;
import dev.dgmspark.debias.WeightStats;
import dev.dgmspark.io.Json;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Throughput of the debias job's distributed passes (range, histograms, weights) on synthetic latent rows, at two
 * row counts, with the peak heap of this JVM (the driver; in local mode also the executor).
 *
 * <p>Rows are generated inside the tasks from a seed (never collected or cached), so the figures measure the passes
 * and the generation, and the driver holds only the aggregates. Usage: {@code DebiasBenchmark <result.json>
 * [master] [rows...]}.
 */
public final class DebiasBenchmark {
  private static final Logger LOG = LoggerFactory.getLogger(DebiasBenchmark.class);
  private static final int DIMS = 32;

  private DebiasBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path result = Path.of(args[0]).toAbsolutePath();
    String master = args.length > 1 ? args[1] : "local[2]";
    long[] sizes = args.length > 2 ? java.util.Arrays.stream(args, 2, args.length).mapToLong(Long::parseLong)
        .toArray() : new long[] {1_000_000L, 10_000_000L};
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("master", master);
    figures.put("dims", DIMS);
    try (SparkSession spark = SparkSession.builder().master(master).appName("bench-debias")
        .config("spark.ui.enabled", "false").getOrCreate()) {
      run(spark, 200_000L, 8); // warm-up: JIT and Spark's first-job costs
      for (long rows : sizes) {
        int partitions = (int) Math.max(4, rows / 250_000);
        resetPeaks();
        long start = System.nanoTime();
        double ess = run(spark, rows, partitions);
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Object> figure = new LinkedHashMap<>();
        figure.put("rows", rows);
        figure.put("partitions", partitions);
        figure.put("seconds", Math.round(seconds * 1000) / 1000.0);
        figure.put("rows_per_second", Math.round(rows / seconds));
        figure.put("peak_heap_mb", peakHeapMb());
        figure.put("effective_sample_size", Math.round(ess));
        figures.put("rows_" + rows, figure);
        LOG.info("bench: debias passes over {} rows: {} s, {} rows/s, peak heap {} MB", rows, figure.get("seconds"),
            figure.get("rows_per_second"), figure.get("peak_heap_mb"));
      }
    }
    if (sizes.length >= 2) {
      double small = (double) ((Map<?, ?>) figures.get("rows_" + sizes[0])).get("seconds");
      double large = (double) ((Map<?, ?>) figures.get("rows_" + sizes[sizes.length - 1])).get("seconds");
      figures.put("time_ratio_largest_to_smallest", Math.round(large / small * 100) / 100.0);
      figures.put("row_ratio_largest_to_smallest", sizes[sizes.length - 1] / sizes[0]);
    }
    Files.createDirectories(result.getParent());
    Files.write(result, Json.pretty(figures));
    System.out.println(new String(Json.pretty(figures), java.nio.charset.StandardCharsets.UTF_8));
  }

  /** The job's three passes over generated rows; returns the effective sample size. */
  static double run(SparkSession spark, long rows, int partitions) {
    JavaRDD<float[]> latents = spark.range(0, rows, 1, partitions).javaRDD().map(DebiasBenchmark::latent);
    LatentRange range = latents.treeAggregate(new LatentRange(DIMS), LatentRange::add, LatentRange::merge, 2);
    LatentHistograms histograms = latents.treeAggregate(LatentHistograms.over(range, 10), LatentHistograms::add,
        LatentHistograms::merge, 2);
    Broadcast<DebiasWeights> weights = spark.sparkContext().broadcast(DebiasWeights.fit(histograms, 0.001,
        Combine.MAX), scala.reflect.ClassTag$.MODULE$.apply(DebiasWeights.class));
    WeightStats stats = latents.map(mu -> weights.value().logWeight(mu)).treeAggregate(new WeightStats(),
        WeightStats::addLogWeight, WeightStats::merge, 2);
    return stats.effectiveSampleSize();
  }

  /** A deterministic pseudo-random latent row: Gaussian with a rare shifted cluster in dimension 0. */
  private static float[] latent(Long index) {
    SplittableRandom random = new SplittableRandom(index * 0x9E3779B97F4A7C15L);
    float[] mu = new float[DIMS];
    for (int i = 0; i < DIMS; i++) {
      mu[i] = (float) gaussian(random);
    }
    if (random.nextInt(20) == 0) {
      mu[0] += 4f;
    }
    return mu;
  }

  private static double gaussian(SplittableRandom random) {
    double u = random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
  }

  private static void resetPeaks() {
    System.gc();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
  }

  private static long peakHeapMb() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak >> 20;
  }
}
