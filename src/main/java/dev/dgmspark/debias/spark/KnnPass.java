package dev.dgmspark.debias.spark;

import dev.dgmspark.debias.DebiasSummary;
import dev.dgmspark.debias.KnnDensity;
import dev.dgmspark.debias.KnnSettings;
import dev.dgmspark.debias.Latents;
import dev.dgmspark.debias.MultiScaleRarity;
import dev.dgmspark.debias.MultiScaleSettings;
import dev.dgmspark.debias.ReferenceSample;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * The k-NN passes of the debias job (and of the outliers job): a seeded reference sample by distributed aggregation,
 * the density (or the multiscale rarity) fitted on the driver from that sample alone, then every row's neighbour
 * distances computed in its own task against the broadcast reference.
 *
 * <p>The driver holds the reference sample (at most {@link KnnSettings#referenceSize()} rows), never the data.
 */
public final class KnnPass {
  private static final Logger LOG = LoggerFactory.getLogger(KnnPass.class);
  private static final int AGGREGATION_DEPTH = 2;
  /** Rows a task gathers before scoring them together (a multiple of the scorer's block). */
  private static final int TASK_BATCH = 4096;

  private KnnPass() {}

  /** The fitted density, each row's log-weight (−∞ for rows that cannot be drawn) and the summary's figures. */
  record Result(KnnDensity density, JavaPairRDD<String, Double> logWeights, DebiasSummary.Knn figures) {}

  /**
   * The fitted density, each row's log distance to its k-th nearest reference row (persisted; NaN for a row whose
   * latent is not finite, −∞ at distance zero) and the summary's figures. The caller unpersists {@code logRadius}.
   */
  public record Distances(KnnDensity density, JavaPairRDD<String, Double> logRadius, DebiasSummary.Knn figures) {}

  static Result run(JavaSparkContext jsc, JavaRDD<LatentRow> latents, long rows, int dims, KnnSettings settings,
      long seed) {
    Distances distances = distances(jsc, latents, rows, dims, settings, seed);
    KnnDensity density = distances.density();
    JavaPairRDD<String, Double> logWeights = distances.logRadius().mapValues(r -> Double.isNaN(r)
        ? Double.NEGATIVE_INFINITY : density.logWeight(r)).persist(StorageLevel.MEMORY_AND_DISK());
    logWeights.count();
    distances.logRadius().unpersist();
    return new Result(density, logWeights, distances.figures());
  }

  /**
   * Samples the reference, fits the density on it and computes every row's log k-th-neighbour distance in the
   * executors.
   *
   * @param rows the number of rows of {@code latents}
   * @param dims the latent dimension
   * @param seed the reference sample's seed
   */
  public static Distances distances(JavaSparkContext jsc, JavaRDD<LatentRow> latents, long rows, int dims,
      KnnSettings settings, long seed) {
    long start = System.nanoTime();
    int capacity = settings.referenceSize();
    List<ReferenceSample.Row> reference = reference(latents, rows, dims, capacity, seed);
    long sampled = System.nanoTime();
    KnnDensity density = KnnDensity.fit(reference, settings.k(), settings.gamma(), settings.alpha(),
        settings.exponentDims());
    long fitted = System.nanoTime();
    LOG.info("k-NN density: reference {} of {} rows ({} dims) sampled in {} s, fitted in {} s: intrinsic dimension "
        + "{}, exponent {}, mean log distance to the k = {}th neighbour {}", reference.size(), rows, dims,
        round((sampled - start) / 1e9, 2), round((fitted - sampled) / 1e9, 2), round(density.estimatedDims(), 2),
        round(density.exponentDims(), 2), settings.k(), round(density.meanLogRadius(), 4));

    Broadcast<KnnDensity> densityB = jsc.broadcast(density);
    JavaPairRDD<String, Double> logRadius = latents.mapPartitionsToPair(it -> {
      KnnDensity.Scorer scorer = densityB.value().scorer();
      return inBatches(it, dims, Double.NaN, scorer::logKthDistances);
    }).persist(StorageLevel.MEMORY_AND_DISK());
    long scored = logRadius.count();
    double seconds = (System.nanoTime() - fitted) / 1e9;
    LOG.info("k-NN density: distances of {} rows against {} reference rows in {} s ({} rows/s)", scored,
        reference.size(), round(seconds, 2), Math.round(scored / Math.max(seconds, 1e-9)));

    DebiasSummary.Knn figures = new DebiasSummary.Knn(settings.k(), settings.gamma(), settings.alpha(),
        reference.size(), capacity, seed, settings.exponentDims(), round(density.estimatedDims(), 3),
        round(density.exponentDims(), 3), round(density.meanLogRadius(), 6), round((sampled - start) / 1e9, 3),
        round((fitted - sampled) / 1e9, 3), round(seconds, 3));
    return new Distances(density, logRadius, figures);
  }

  /** Every row's multiscale log-weight and the summary's figures, as {@link #run} gives the k-NN density's. */
  record MultiScaleResult(JavaPairRDD<String, Double> logWeights, DebiasSummary.MultiScale figures) {}

  /**
   * Samples the reference, fits the multiscale rarity on it and computes every row's log-weight in the executors
   * (persisted; −∞ for a row whose latent is not finite). The caller unpersists the log-weights.
   */
  static MultiScaleResult runMultiScale(JavaSparkContext jsc, JavaRDD<LatentRow> latents, long rows, int dims,
      int[] blockEnds, MultiScaleSettings settings, long seed) {
    long start = System.nanoTime();
    int capacity = settings.referenceSize();
    List<ReferenceSample.Row> reference = reference(latents, rows, dims, capacity, seed);
    long sampled = System.nanoTime();
    List<MultiScaleRarity.Block> blocks = settings.blocks(blockEnds);
    MultiScaleRarity rarity = MultiScaleRarity.fitBlocks(reference, blocks, settings.targetEss());
    long fitted = System.nanoTime();
    LOG.info("multiscale rarity: reference {} of {} rows ({} dims) sampled in {} s, fitted in {} s: k {}, strength "
        + "{} for an effective sample share of {} on the reference", reference.size(), rows, dims,
        round((sampled - start) / 1e9, 2), round((fitted - sampled) / 1e9, 2),
        Arrays.toString(rarity.ranks()) + " of " + Arrays.toString(rarity.scaleReferenceSizes()) + " rows",
        round(rarity.gamma(), 4),
        round(rarity.referenceEffectiveShare(), 4));

    Broadcast<MultiScaleRarity> rarityB = jsc.broadcast(rarity);
    JavaPairRDD<String, Double> logWeights = latents.mapPartitionsToPair(it -> {
      MultiScaleRarity.Scorer scorer = rarityB.value().scorer();
      return inBatches(it, dims, Double.NEGATIVE_INFINITY, scorer::logWeights);
    }).persist(StorageLevel.MEMORY_AND_DISK());
    long scored = logWeights.count();
    double seconds = (System.nanoTime() - fitted) / 1e9;
    LOG.info("multiscale rarity: distances of {} rows against {} reference rows in {} s ({} rows/s)", scored,
        reference.size(), round(seconds, 2), Math.round(scored / Math.max(seconds, 1e-9)));
    double[] means = rarity.meanLogDistances();
    double[] deviations = rarity.logDistanceDeviations();
    for (int s = 0; s < means.length; s++) {
      means[s] = round(means[s], 6);
      deviations[s] = round(deviations[s], 6);
    }
    DebiasSummary.MultiScale figures = new DebiasSummary.MultiScale(settings.scales(), blockEnds.clone(),
        blocks.stream().map(MultiScaleRarity.Block::shares).toList(), rarity.ranks(),
        rarity.scaleReferenceSizes(), settings.targetEss(), round(rarity.gamma(), 4),
        round(rarity.referenceEffectiveShare(), 4), means, deviations,
        round(rarity.maxScore(), 4), reference.size(), capacity, seed, round((sampled - start) / 1e9, 3),
        round((fitted - sampled) / 1e9, 3), round(seconds, 3));
    return new MultiScaleResult(logWeights, figures);
  }

  /** The seeded reference sample of at most {@code capacity} rows with finite latents, in its fixed order. */
  static List<ReferenceSample.Row> reference(JavaRDD<LatentRow> latents, long rows, int dims, int capacity,
      long seed) {
    double bound = ReferenceSample.keyBound(rows, capacity);
    ReferenceSample sample = sample(latents, dims, capacity, seed, bound);
    if (sample.size() < Math.min(capacity, rows) && bound < 1.0) {
      // Non-finite rows (or a very unlikely draw) left fewer candidates than needed: sample without the bound.
      sample = sample(latents, dims, capacity, seed, 1.0);
    }
    return sample.rows();
  }

  private static ReferenceSample sample(JavaRDD<LatentRow> latents, int dims, int capacity, long seed,
      double bound) {
    return latents.filter(r -> ReferenceSample.key(r.id, seed) < bound).treeAggregate(
        new ReferenceSample(capacity, dims, seed), (s, r) -> s.add(r.id, r.mu), ReferenceSample::merge,
        AGGREGATION_DEPTH);
  }

  /** Scores a block of {@code count} rows (latents row-major, with their ids): one value per row. */
  @FunctionalInterface
  private interface BatchScore {
    double[] apply(float[] batch, String[] ids, int count);
  }

  /**
   * A task's rows scored {@value #TASK_BATCH} at a time: (id, score) per row, {@code nonFinite} for a row whose latent
   * is not finite.
   */
  private static Iterator<Tuple2<String, Double>> inBatches(Iterator<LatentRow> rows, int dims,
      double nonFinite, BatchScore score) {
    List<Tuple2<String, Double>> out = new ArrayList<>();
    float[] batch = new float[TASK_BATCH * dims];
    String[] ids = new String[TASK_BATCH];
    int count = 0;
    while (rows.hasNext()) {
      LatentRow row = rows.next();
      if (!Latents.isFinite(row.mu)) {
        out.add(new Tuple2<>(row.id, nonFinite));
        continue;
      }
      System.arraycopy(row.mu, 0, batch, count * dims, dims);
      ids[count++] = row.id;
      if (count == TASK_BATCH) {
        emit(score.apply(batch, ids, count), ids, count, out);
        count = 0;
      }
    }
    if (count > 0) {
      emit(score.apply(batch, ids, count), ids, count, out);
    }
    return out.iterator();
  }

  private static void emit(double[] values, String[] ids, int count, List<Tuple2<String, Double>> out) {
    for (int i = 0; i < count; i++) {
      out.add(new Tuple2<>(ids[i], values[i]));
    }
  }

  private static double round(double value, int digits) {
    double scale = Math.pow(10, digits);
    return Math.round(value * scale) / scale;
  }
}
