package dev.dgmspark.debias.spark;

import dev.dgmspark.shard.ShardIndex;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;

/** Shard images as pixel vectors in [0, 1] ({@code --features pixels}): decoded in the executors, row by row. */
final class PixelVectors {
  private PixelVectors() {}

  /** One row per shard image: its id and its pixels, channel-last, divided by 255. */
  static JavaRDD<LatentRow> rows(SparkSession spark, Path data, ShardIndex index) {
    int size = index.size();
    int channels = index.channels();
    return spark.read().parquet(index.shardPaths(data)).select("id", "image.bytes").javaRDD()
        .map(row -> new LatentRow(row.getString(0), decode(row.getAs(1), size, channels)));
  }

  static float[] decode(byte[] png, int size, int channels) {
    BufferedImage image;
    try {
      image = ImageIO.read(new ByteArrayInputStream(png));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot decode a shard image", e);
    }
    if (image == null || image.getWidth() != size || image.getHeight() != size) {
      throw new IllegalStateException("a shard image is not a " + size + "x" + size + " PNG");
    }
    Raster raster = image.getRaster();
    int bands = raster.getNumBands();
    float[] out = new float[size * size * channels];
    int[] sample = new int[bands];
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        raster.getPixel(x, y, sample);
        for (int c = 0; c < channels; c++) {
          out[(y * size + x) * channels + c] = sample[Math.min(c, bands - 1)] / 255f;
        }
      }
    }
    return out;
  }
}
