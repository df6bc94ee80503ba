package dev.dgmspark.train;

import dev.dgmspark.io.SerializableConfiguration;
import dev.dgmspark.io.Storage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the shards' images as minibatch files for training: rows in a seeded pseudo-random order, decoded once to
 * channel-first bytes, {@code batchSize} images a file ({@link ImageBatchFile}).
 *
 * <p>DL4J's Spark trainers work best from files (each worker streams its minibatches) rather than from
 * {@code parallelize}d arrays, which travel inside the tasks. The export runs once per training run; every epoch
 * reads the same files in a new order.
 */
public final class BatchExport {
  private static final Logger LOG = LoggerFactory.getLogger(BatchExport.class);

  private BatchExport() {}

  /**
   * One exported file and its number of images. A class, not a record: training sessions use Kryo, and Kryo 4
   * cannot serialise records.
   */
  public static final class Batch implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String path;
    private final int count;

    public Batch(String path, int count) {
      this.path = path;
      this.count = count;
    }

    public String path() {
      return path;
    }

    public int count() {
      return count;
    }
  }

  /**
   * Exports the images of {@code shardPaths} into {@code dir}.
   *
   * @return the batches, in a stable order
   */
  public static List<Batch> export(SparkSession spark, String[] shardPaths, int size, int channels, Path dir,
      int batchSize, long seed) throws IOException {
    long start = System.nanoTime();
    Dataset<Row> rows = spark.read().parquet(shardPaths).select(functions.col("id"),
        functions.col("image.bytes").as("png"));
    long count = rows.count();
    int partitions = (int) Math.max(1, Math.min(4096, (count + batchSize * 200L - 1) / (batchSize * 200L)));
    partitions = Math.max(partitions, Math.min(spark.sparkContext().defaultParallelism(),
        (int) Math.max(1, count / batchSize)));
    // A seeded hash of the id orders the rows: the same data and seed always give the same batches.
    Dataset<Row> ordered = rows.withColumn("k", functions.xxhash64(functions.col("id"), functions.lit(seed)))
        .repartitionByRange(partitions, functions.col("k")).sortWithinPartitions("k").select("png");
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Storage.fs(dir, conf).mkdirs(dir);
    Broadcast<SerializableConfiguration> hadoop = spark.sparkContext().broadcast(new SerializableConfiguration(conf),
        scala.reflect.ClassTag$.MODULE$.apply(SerializableConfiguration.class));
    String target = dir.toString();
    spark.sparkContext().setJobDescription(String.format("train: export %,d images as minibatches of %d", count,
        batchSize));
    List<Batch> batches = new ArrayList<>(ordered.javaRDD().mapPartitionsWithIndex(
        new Writer(hadoop, target, size, channels, batchSize), false).collect());
    spark.sparkContext().setJobDescription(null);
    batches.sort(java.util.Comparator.comparing(Batch::path));
    LOG.info("train: exported {} images into {} minibatch files under {} in {} s", count, batches.size(), dir,
        String.format("%.1f", (System.nanoTime() - start) / 1e9));
    return batches;
  }

  /** Executor side: decodes a partition's images and writes them in batches. */
  private static final class Writer implements Function2<Integer, Iterator<Row>, Iterator<Batch>> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<SerializableConfiguration> hadoop;
    private final String dir;
    private final int size;
    private final int channels;
    private final int batchSize;

    Writer(Broadcast<SerializableConfiguration> hadoop, String dir, int size, int channels, int batchSize) {
      this.hadoop = hadoop;
      this.dir = dir;
      this.size = size;
      this.channels = channels;
      this.batchSize = batchSize;
    }

    @Override
    public Iterator<Batch> call(Integer partition, Iterator<Row> rows) throws IOException {
      Configuration conf = hadoop.value().get();
      Path folder = new Path(dir);
      FileSystem fs = Storage.fs(folder, conf);
      int imageBytes = size * size * channels;
      byte[] pixels = new byte[batchSize * imageBytes];
      List<Batch> written = new ArrayList<>();
      int inBatch = 0;
      while (rows.hasNext()) {
        ImagePixels.decodeInto(rows.next().getAs(0), channels, size, pixels, inBatch * imageBytes);
        inBatch++;
        if (inBatch == batchSize || !rows.hasNext()) {
          byte[] exact = inBatch == batchSize ? pixels : java.util.Arrays.copyOf(pixels, inBatch * imageBytes);
          // Names depend only on the partition and position, so a retried task rewrites the same files.
          Path file = new Path(folder, String.format("batch-%05d-%06d.bin", partition, written.size()));
          try (OutputStream out = fs.create(file, true)) {
            new ImageBatchFile(inBatch, channels, size, size, exact).write(out);
          }
          written.add(new Batch(file.toString(), inBatch));
          inBatch = 0;
        }
      }
      return written.iterator();
    }
  }
}
