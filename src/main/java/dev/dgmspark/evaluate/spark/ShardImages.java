package dev.dgmspark.evaluate.spark;

import dev.dgmspark.evaluate.HeldOutSplit;
import dev.dgmspark.minibatch.ImagePixels;
import dev.dgmspark.shard.ShardIndex;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Images of a shard folder collected to the driver: the rows of one part of a {@link HeldOutSplit}, decoded in the
 * executors, at most {@code limit} of them (those with the smallest split keys, so the choice does not depend on the
 * partitioning), in key order.
 */
final class ShardImages {
  private ShardImages() {}

  /** Which rows to take. */
  enum Part {
    /** Rows the feature network trains on. */
    TRAINING,
    /** Held-out rows, reference half. */
    REFERENCE_HALF,
    /** Held-out rows, floor half. */
    FLOOR_HALF,
    /** Every row (generated shards). */
    ALL;

    boolean contains(HeldOutSplit split, String id) {
      return switch (this) {
        case TRAINING -> !split.heldOut(id);
        case REFERENCE_HALF -> split.heldOut(id) && split.half(id) == 0;
        case FLOOR_HALF -> split.heldOut(id) && split.half(id) == 1;
        case ALL -> true;
      };
    }
  }

  /**
   * Collected images.
   *
   * @param ids row ids, in key order
   * @param images [n, channels, size, size] in [0, 1]
   * @param attributes per row, the value of each requested attribute column as a string (null when missing)
   */
  record Collected(List<String> ids, INDArray images, List<String[]> attributes) {
    int size() {
      return ids.size();
    }
  }

  /** One decoded row, as it travels to the driver. */
  record Item(double key, String id, byte[] pixels, String[] attributes) implements Serializable {}

  /** Orders items by key, then id. */
  static final class ByKey implements Comparator<Item>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public int compare(Item a, Item b) {
      int byKey = Double.compare(a.key(), b.key());
      return byKey != 0 ? byKey : a.id().compareTo(b.id());
    }
  }

  /** Reads up to {@code limit} rows of {@code part} with the attribute columns {@code attributes}. */
  static Collected read(SparkSession spark, Path folder, ShardIndex index, HeldOutSplit split, Part part,
      List<String> attributes, int limit, String description) {
    int size = index.size();
    int channels = index.channels();
    List<Column> columns = new ArrayList<>(List.of(functions.col("id"), functions.col("image.bytes")));
    for (String attribute : attributes) {
      columns.add(functions.col(attribute).cast("string"));
    }
    spark.sparkContext().setJobDescription(description);
    JavaRDD<Row> rows = spark.read().parquet(index.shardPaths(folder)).select(columns.toArray(new Column[0]))
        .javaRDD();
    int attributeCount = attributes.size();
    List<Item> items = rows.filter(row -> part.contains(split, row.getString(0))).map(row -> {
      byte[] pixels = new byte[size * size * channels];
      ImagePixels.decodeInto(row.getAs(1), channels, size, pixels, 0);
      String[] values = new String[attributeCount];
      for (int a = 0; a < attributeCount; a++) {
        values[a] = row.isNullAt(2 + a) ? null : row.getString(2 + a);
      }
      return new Item(split.key(row.getString(0)), row.getString(0), pixels, values);
    }).takeOrdered(limit, new ByKey());
    spark.sparkContext().setJobDescription(null);
    float[] values = new float[items.size() * size * size * channels];
    List<String> ids = new ArrayList<>();
    List<String[]> attributeValues = new ArrayList<>();
    int at = 0;
    for (Item item : items) {
      for (byte b : item.pixels()) {
        values[at++] = (b & 0xff) / 255f;
      }
      ids.add(item.id());
      attributeValues.add(item.attributes());
    }
    INDArray images = Nd4j.create(values, new long[] {items.size(), channels, size, size}, 'c');
    return new Collected(ids, images, attributeValues);
  }
}
