package dev.dgmspark.debias.spark;

import dev.dgmspark.minibatch.ImagePixels;
import dev.dgmspark.shard.ShardIndex;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.sql.SparkSession;

/**
 * Shard images as pixel vectors in [0, 1] ({@code --features pixels}): decoded in the executors, row by row, as the
 * networks see them ({@link ImagePixels}).
 */
final class PixelVectors {
  private PixelVectors() {}

  /** One row per shard image: its id and its pixels, channel-first, divided by 255. */
  static JavaRDD<LatentRow> rows(SparkSession spark, Path data, ShardIndex index) {
    return rows(spark, data, index, id -> true);
  }

  /** The rows of the shard images whose id {@code keep} accepts; the others are never decoded. */
  static JavaRDD<LatentRow> rows(SparkSession spark, Path data, ShardIndex index, Function<String, Boolean> keep) {
    int size = index.size();
    int channels = index.channels();
    return spark.read().parquet(index.shardPaths(data)).select("id", "image.bytes").javaRDD()
        .filter(row -> keep.call(row.getString(0)))
        .map(row -> new LatentRow(row.getString(0), decode(row.getAs(1), size, channels)));
  }

  /**
   * The pixels of one shard PNG of {@code size} x {@code size} with {@code channels} channels, in [0, 1]. The order of
   * the components does not matter to the estimators: distances and per-dimension histograms ignore it.
   */
  static float[] decode(byte[] png, int size, int channels) {
    byte[] pixels = new byte[size * size * channels];
    ImagePixels.decodeInto(png, channels, size, pixels, 0);
    float[] out = new float[pixels.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (pixels[i] & 0xff) / 255f;
    }
    return out;
  }
}
