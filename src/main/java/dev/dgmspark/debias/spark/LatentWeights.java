package dev.dgmspark.debias.spark;

import dev.dgmspark.debias.DebiasSummary;
import dev.dgmspark.debias.DebiasWeights;
import dev.dgmspark.debias.DensityEstimator;
import dev.dgmspark.debias.DensitySettings;
import dev.dgmspark.debias.LatentHistograms;
import dev.dgmspark.debias.LatentRange;
import dev.dgmspark.debias.Latents;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Every row's log-weight (how rare its latent position is) computed in the executors, by the estimator the
 * {@link DensitySettings} name: the multiscale rarity or the k-NN density against a bounded reference sample
 * ({@link KnnPass}), or per-dimension histograms fitted by distributed aggregation ({@link DebiasWeights}). Only the
 * fitted estimator reaches the driver, never the rows.
 */
public final class LatentWeights {
  private static final int AGGREGATION_DEPTH = 2;

  private LatentWeights() {}

  /**
   * The log-weights, persisted (the caller unpersists them), and the estimator's figures (null for the others).
   *
   * @param logWeights per row id, its log-weight; −∞ for a row whose latent is not finite (it cannot be drawn)
   * @param knn the k-NN figures, or null
   * @param multiscale the multiscale figures, or null
   */
  public record Result(JavaPairRDD<String, Double> logWeights, DebiasSummary.Knn knn,
      DebiasSummary.MultiScale multiscale) {}

  /**
   * Weights {@code latents} ({@code rows} rows of {@code dims} dimensions, one feature space).
   *
   * @param seed the k-NN reference sample's seed
   */
  public static Result compute(JavaSparkContext jsc, JavaRDD<LatentRow> latents, long rows, int dims,
      DensitySettings settings, long seed) {
    return compute(jsc, latents, rows, dims, new int[] {dims}, settings, seed);
  }

  /**
   * Weights {@code latents} ({@code rows} rows of {@code dims} dimensions).
   *
   * @param blockEnds where each feature space ends in a row's vector ({@link
   *     dev.dgmspark.debias.MultiScaleSettings#blocks}); several blocks only for the multiscale estimator
   * @param seed the k-NN reference sample's seed
   */
  public static Result compute(JavaSparkContext jsc, JavaRDD<LatentRow> latents, long rows, int dims,
      int[] blockEnds, DensitySettings settings, long seed) {
    if (blockEnds.length > 1 && settings.estimator() != DensityEstimator.MULTISCALE) {
      throw new IllegalArgumentException("only the multiscale estimator judges several feature spaces");
    }
    if (settings.estimator() == DensityEstimator.KNN) {
      KnnPass.Result knn = KnnPass.run(jsc, latents, rows, dims, settings.knn(), seed);
      return new Result(knn.logWeights(), knn.figures(), null);
    }
    if (settings.estimator() == DensityEstimator.MULTISCALE) {
      KnnPass.MultiScaleResult multi = KnnPass.runMultiScale(jsc, latents, rows, dims, blockEnds,
          settings.multiscale(), seed);
      return new Result(multi.logWeights(), null, multi.figures());
    }
    LatentRange range = latents.treeAggregate(new LatentRange(dims), (r, row) -> r.add(row.mu),
        LatentRange::merge, AGGREGATION_DEPTH);
    LatentHistograms histograms = latents.treeAggregate(LatentHistograms.over(range, settings.bins()),
        (h, row) -> h.add(row.mu), LatentHistograms::merge, AGGREGATION_DEPTH);
    DebiasWeights weights = DebiasWeights.fit(histograms, settings.alpha(), settings.combine());
    Broadcast<DebiasWeights> weightsB = jsc.broadcast(weights);
    JavaPairRDD<String, Double> logWeights = latents.mapToPair(row -> new Tuple2<>(row.id,
        Latents.isFinite(row.mu) ? weightsB.value().logWeight(row.mu) : Double.NEGATIVE_INFINITY))
        .persist(StorageLevel.MEMORY_AND_DISK());
    return new Result(logWeights, null, null);
  }
}
