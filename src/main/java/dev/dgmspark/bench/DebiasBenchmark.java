package dev.dgmspark.bench;

import dev.dgmspark.debias.Combine;
import dev.dgmspark.debias.DebiasDefaults;
import dev.dgmspark.debias.DensityEstimator;
import dev.dgmspark.debias.DensitySettings;
import dev.dgmspark.debias.KnnDensity;
import dev.dgmspark.debias.KnnSettings;
import dev.dgmspark.debias.MultiScaleSettings;
import dev.dgmspark.debias.ReferenceSample;
import dev.dgmspark.debias.DebiasWeights;
import dev.dgmspark.debias.LatentHistograms;
import dev.dgmspark.debias.LatentRange;
import dev.dgmspark.debias.WeightStats;
import dev.dgmspark.debias.spark.LatentRow;
import dev.dgmspark.debias.spark.LatentWeights;
import dev.dgmspark.debias.spark.WeightedDraw;
import dev.dgmspark.io.Json;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Throughput of the debias job's distributed passes on synthetic latent rows, at two row counts, with the peak heap
 * of this JVM (the driver; in local mode also the executor): either the histogram passes (range, histograms,
 * weights), the k-NN passes (bounded seeded reference sample, fit on the driver, every row's distances against the
 * broadcast reference, weights) or the multiscale passes (the same, through the job's own {@link LatentWeights}).
 *
 * <p>Rows are generated inside the tasks from a seed (never collected or cached), so the figures measure the passes
 * and the generation, and the driver holds only the aggregates and the reference sample. Usage:
 * {@code DebiasBenchmark <result.json> [master] [rows...]}; the system property {@code dgm.bench.estimator}
 * ({@code histogram}, {@code knn} or {@code multiscale}) picks the passes, {@code dgm.bench.reference} the k-NN
 * reference size, and {@code dgm.bench.appearance} (multiscale only; default 0) appends that many more dimensions to
 * every row as a second feature block, judged at the smallest scale as the job judges the images' appearance
 * ({@link MultiScaleSettings#blocks}).
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
    String estimator = System.getProperty("dgm.bench.estimator", "histogram");
    int appearance = estimator.equals("multiscale") ? Integer.getInteger("dgm.bench.appearance", 0) : 0;
    KnnSettings knn = KnnSettings.defaults().withReferenceSize(
        Integer.getInteger("dgm.bench.reference", DebiasDefaults.KNN_REFERENCE_SIZE));
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("master", master);
    figures.put("dims", DIMS);
    figures.put("estimator", estimator);
    if (estimator.equals("knn")) {
      figures.put("knn", Map.of("k", knn.k(), "gamma", knn.gamma(), "alpha", knn.alpha(), "reference_size",
          knn.referenceSize()));
    }
    MultiScaleSettings multiscale = MultiScaleSettings.defaults().withReferenceSize(knn.referenceSize());
    if (estimator.equals("multiscale")) {
      figures.put("multiscale", Map.of("scales", multiscale.scales(), "target_ess", multiscale.targetEss(),
          "reference_size", multiscale.referenceSize(), "appearance_dims", appearance));
    }
    figures.put("load_average_before", loadAverage());
    try (SparkSession spark = SparkSession.builder().master(master).appName("bench-debias")
        .config("spark.ui.enabled", "false").getOrCreate()) {
      // Warm-up: JIT and Spark's first-job costs.
      if (estimator.equals("knn")) {
        runKnn(spark, 100_000L, 4, knn.withReferenceSize(2_000));
      } else if (estimator.equals("multiscale")) {
        runMultiScale(spark, 100_000L, 4, multiscale.withReferenceSize(2_000), appearance);
      } else {
        run(spark, 200_000L, 8);
      }
      for (long rows : sizes) {
        int partitions = (int) Math.max(4, rows / 250_000);
        resetPeaks();
        long start = System.nanoTime();
        MultiScaleRun multiRun = estimator.equals("multiscale")
            ? runMultiScale(spark, rows, partitions, multiscale, appearance) : null;
        double ess = switch (estimator) {
          case "knn" -> runKnn(spark, rows, partitions, knn);
          case "multiscale" -> multiRun.effectiveSampleSize();
          default -> run(spark, rows, partitions);
        };
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Object> figure = new LinkedHashMap<>();
        figure.put("rows", rows);
        figure.put("partitions", partitions);
        figure.put("seconds", Math.round(seconds * 1000) / 1000.0);
        figure.put("rows_per_second", Math.round(rows / seconds));
        figure.put("peak_heap_mb", peakHeapMb());
        figure.put("effective_sample_size", Math.round(ess));
        if (multiRun != null) {
          // In local mode the executor's cache shares this JVM's heap: the persisted log-weights are not the driver's.
          figure.put("cached_log_weights_mb", multiRun.cachedMb());
        }
        figure.put("load_average_after", loadAverage());
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

  /**
   * The k-NN passes over generated rows, as the debias job runs them: a seeded bottom-k reference sample by
   * {@code treeAggregate}, the density fitted on the driver, each partition's rows scored against the broadcast
   * reference, and the weight statistics. Returns the effective sample size.
   */
  static double runKnn(SparkSession spark, long rows, int partitions, KnnSettings settings) {
    long seed = 42;
    JavaRDD<Long> indices = spark.range(0, rows, 1, partitions).javaRDD();
    double bound = ReferenceSample.keyBound(rows, settings.referenceSize());
    ReferenceSample sample = indices.filter(i -> ReferenceSample.key(Long.toString(i), seed) < bound)
        .treeAggregate(new ReferenceSample(settings.referenceSize(), DIMS, seed),
            (s, i) -> s.add(Long.toString(i), latent(i)), ReferenceSample::merge, 2);
    KnnDensity density = KnnDensity.fit(sample.rows(), settings.k(), settings.gamma(), settings.alpha(),
        settings.exponentDims());
    Broadcast<KnnDensity> densityB = spark.sparkContext().broadcast(density,
        scala.reflect.ClassTag$.MODULE$.apply(KnnDensity.class));
    WeightStats stats = indices.mapPartitions(it -> {
      KnnDensity d = densityB.value();
      KnnDensity.Scorer scorer = d.scorer();
      int batch = 4096;
      float[] flat = new float[batch * DIMS];
      String[] ids = new String[batch];
      WeightStats partial = new WeightStats();
      int count = 0;
      while (true) {
        boolean more = it.hasNext();
        if (more) {
          Long i = it.next();
          System.arraycopy(latent(i), 0, flat, count * DIMS, DIMS);
          ids[count++] = Long.toString(i);
        }
        if (count == batch || (!more && count > 0)) {
          for (double logRadius : scorer.logKthDistances(flat, ids, count)) {
            partial.addLogWeight(d.logWeight(logRadius));
          }
          count = 0;
        }
        if (!more) {
          break;
        }
      }
      return java.util.List.of(partial).iterator();
    }).treeAggregate(new WeightStats(), WeightStats::merge, WeightStats::merge, 2);
    LOG.info("bench: k-NN over {} rows against {} reference rows (intrinsic dimension {})", rows,
        sample.rows().size(), Math.round(density.estimatedDims() * 100) / 100.0);
    return stats.effectiveSampleSize();
  }

  /**
   * A multiscale run's effective sample size and the megabytes of cached RDD blocks in memory at its end (the job
   * persists every row's log-weight: its draw reads them twice).
   */
  record MultiScaleRun(double effectiveSampleSize, long cachedMb) {}

  /**
   * The multiscale passes over generated rows through the job's own code ({@link LatentWeights}): the reference
   * sample, the fit on the driver, every row's distances and weight in the executors; then the weight statistics.
   */
  static MultiScaleRun runMultiScale(SparkSession spark, long rows, int partitions, MultiScaleSettings settings,
      int appearance) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int dims = DIMS + appearance;
    JavaRDD<LatentRow> latents = spark.range(0, rows, 1, partitions).javaRDD()
        .map(i -> new LatentRow(Long.toString(i), latent(i, dims)));
    DensitySettings density = DensitySettings.defaults().withEstimator(DensityEstimator.MULTISCALE)
        .withMultiScale(settings);
    int[] blockEnds = appearance > 0 ? new int[] {DIMS, dims} : new int[] {DIMS};
    JavaPairRDD<String, Double> logWeights = LatentWeights.compute(jsc, latents, rows, dims, blockEnds, density, 42)
        .logWeights();
    try {
      double ess = WeightedDraw.stats(logWeights).effectiveSampleSize();
      long cached = 0;
      for (org.apache.spark.storage.RDDInfo info : spark.sparkContext().getRDDStorageInfo()) {
        cached += info.memSize();
      }
      return new MultiScaleRun(ess, cached >> 20);
    } finally {
      logWeights.unpersist();
    }
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }

  /** A deterministic pseudo-random latent row: Gaussian with a rare shifted cluster in dimension 0. */
  private static float[] latent(Long index) {
    return latent(index, DIMS);
  }

  private static float[] latent(Long index, int dims) {
    SplittableRandom random = new SplittableRandom(index * 0x9E3779B97F4A7C15L);
    float[] mu = new float[dims];
    for (int i = 0; i < dims; i++) {
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
