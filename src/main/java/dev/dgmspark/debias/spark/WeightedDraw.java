package dev.dgmspark.debias.spark;

import dev.dgmspark.debias.BucketWeights;
import dev.dgmspark.debias.DebiasDefaults;
import dev.dgmspark.debias.DebiasWeights;
import dev.dgmspark.debias.FixedPointSum;
import dev.dgmspark.debias.Resampler;
import dev.dgmspark.debias.WeightStats;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import scala.Tuple2;

/**
 * An exact-size weighted draw with replacement in the executors: {@code size} rows drawn with probability
 * proportional to each row's weight. The weights are quantised ({@link Resampler#quantise}), summed per hash bucket
 * by a tree aggregation, the bucket counts drawn on the driver (a multinomial over at most
 * {@value DebiasDefaults#BUCKETS} buckets) and each bucket's rows drawn in one task; only bucket totals reach the
 * driver. Same weights and seed: same counts.
 */
public final class WeightedDraw {
  private static final int AGGREGATION_DEPTH = 2;

  private WeightedDraw() {}

  /**
   * The weight statistics (relative to the largest weight), per drawn row how many times it was drawn (rows drawn
   * zero times are left out; the counts add up to {@code size}), and the sum of the relative weights, exact to 2^-62
   * a row and the same on every run ({@link FixedPointSum}).
   */
  public record Result(WeightStats stats, JavaPairRDD<String, Long> counts, double relativeWeightSum) {}

  /** The statistics of the finite log-weights; their {@code maxLogWeight} anchors the relative weights. */
  public static WeightStats stats(JavaPairRDD<String, Double> logWeights) {
    return logWeights.values().filter(Double::isFinite).treeAggregate(new WeightStats(), WeightStats::addLogWeight,
        WeightStats::merge, AGGREGATION_DEPTH);
  }

  /** Draws {@code size} rows from {@code logWeights} (−∞: never drawn) with {@code stats} from {@link #stats}. */
  public static Result draw(JavaSparkContext jsc, JavaPairRDD<String, Double> logWeights, WeightStats stats,
      long size, long seed) {
    double maxLog = stats.maxLogWeight();
    JavaPairRDD<String, Long> quantised = logWeights.mapValues(l -> Resampler.quantise(relative(l, maxLog)));
    int bucketCount = DebiasDefaults.BUCKETS;
    Totals totals = logWeights.treeAggregate(new Totals(bucketCount), (b, t) -> b.add(t._1(), t._2(), maxLog),
        Totals::merge, AGGREGATION_DEPTH);
    BucketWeights buckets = totals.buckets;
    long[] bucketCounts = Resampler.drawBucketCounts(buckets.weights(), size, seed);
    Broadcast<long[]> countsB = jsc.broadcast(bucketCounts);
    JavaPairRDD<String, Long> drawn = quantised
        .mapToPair(t -> new Tuple2<>(Resampler.bucketOf(t._1(), bucketCount), t))
        .groupByKey()
        .flatMapToPair(group -> {
          List<Tuple2<String, Long>> members = new ArrayList<>();
          group._2().forEach(members::add);
          String[] ids = new String[members.size()];
          long[] q = new long[members.size()];
          for (int i = 0; i < ids.length; i++) {
            ids[i] = members.get(i)._1();
            q[i] = members.get(i)._2();
          }
          int bucket = group._1();
          long[] counts = Resampler.drawWithinBucket(ids, q, countsB.value()[bucket], seed, bucket);
          List<Tuple2<String, Long>> result = new ArrayList<>();
          for (int i = 0; i < ids.length; i++) {
            if (counts[i] > 0) {
              result.add(new Tuple2<>(ids[i], counts[i]));
            }
          }
          return result.iterator();
        });
    return new Result(stats, drawn, totals.sum.value());
  }

  /** A row's weight relative to the heaviest row's; 0 for a log-weight of −∞ (never drawn). */
  private static double relative(double logWeight, double maxLog) {
    return Double.isFinite(logWeight) ? DebiasWeights.relativeWeight(logWeight, maxLog) : 0.0;
  }

  /**
   * One pass's totals: the quantised weight per bucket (the draw's input) and the exact sum of the relative weights,
   * which normalises the weights {@code debias} writes: with {@link WeightStats#sum()}, a floating-point sum whose
   * last bits follow the order in which task results reach the driver, a rerun on a cluster printed other weights
   * into the manifest.
   */
  private static final class Totals implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final BucketWeights buckets;
    private final FixedPointSum sum = new FixedPointSum();

    Totals(int bucketCount) {
      buckets = new BucketWeights(bucketCount);
    }

    Totals add(String id, double logWeight, double maxLog) {
      double relative = relative(logWeight, maxLog);
      buckets.add(id, Resampler.quantise(relative));
      sum.add(relative);
      return this;
    }

    Totals merge(Totals other) {
      buckets.merge(other.buckets);
      sum.merge(other.sum);
      return this;
    }
  }
}
