package dev.dgmspark.debias.spark;

import dev.dgmspark.debias.Appearance;
import dev.dgmspark.debias.ReferenceSample;
import dev.dgmspark.shard.ShardIndex;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * The shard images' {@link Appearance} vectors ({@code --features appearance}, and the second block of
 * {@code latent+appearance}): thumbnails made in the executors, the principal directions fitted on the driver from a
 * seeded reference sample of them (the multiscale reference's sampling, bounded), the projections in the executors.
 */
final class AppearanceRows {
  private AppearanceRows() {}

  /** Every shard image's appearance vector, and its length ({@link Appearance#components()}). */
  record Vectors(JavaRDD<LatentRow> rows, int dims) {}

  /**
   * One row per shard image: its id and its appearance vector. The reference sample is drawn from the images whose
   * key is under the sample's bound ({@link ReferenceSample#keyBound}), so only those are decoded for the fit (the
   * sample is the one all images would give: it keeps the smallest keys; thumbnails are always finite, so its
   * fallback to an unbounded draw, for rows with non-finite vectors, never applies).
   */
  static Vectors rows(JavaSparkContext jsc, SparkSession spark, Path data, ShardIndex index, long rows,
      int referenceCapacity, long seed) {
    int size = index.size();
    int channels = index.channels();
    int grid = Math.min(Appearance.GRID, size);
    double bound = ReferenceSample.keyBound(rows, referenceCapacity);
    JavaRDD<LatentRow> candidates = thumbnails(PixelVectors.rows(spark, data, index,
        id -> ReferenceSample.key(id, seed) < bound), size, channels, grid);
    List<ReferenceSample.Row> reference = KnnPass.reference(candidates, rows, grid * grid * channels,
        referenceCapacity, seed);
    Appearance appearance = Appearance.fit(reference.stream().map(ReferenceSample.Row::mu).toList(),
        Appearance.COMPONENTS);
    Broadcast<Appearance> appearanceB = jsc.broadcast(appearance);
    JavaRDD<LatentRow> projected = thumbnails(PixelVectors.rows(spark, data, index), size, channels, grid)
        .map(r -> new LatentRow(r.id, appearanceB.value().project(r.mu)));
    return new Vectors(projected, appearance.components());
  }

  private static JavaRDD<LatentRow> thumbnails(JavaRDD<LatentRow> pixels, int size, int channels, int grid) {
    return pixels.map(r -> new LatentRow(r.id, Appearance.thumbnail(r.mu, size, channels, grid)));
  }

  /**
   * Each latent row with its appearance vector after its latent mean, joined by id. Rows missing from either side
   * are dropped: the caller compares the count with the data's.
   */
  static JavaRDD<LatentRow> joined(JavaRDD<LatentRow> latents, JavaRDD<LatentRow> appearance) {
    return latents.mapToPair(r -> new Tuple2<>(r.id, r.mu)).join(appearance.mapToPair(r -> new Tuple2<>(r.id, r.mu)))
        .map(t -> {
          float[] mu = t._2()._1();
          float[] look = t._2()._2();
          float[] both = java.util.Arrays.copyOf(mu, mu.length + look.length);
          System.arraycopy(look, 0, both, mu.length, look.length);
          return new LatentRow(t._1(), both);
        });
  }
}
