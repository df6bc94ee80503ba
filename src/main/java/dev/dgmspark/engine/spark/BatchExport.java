package dev.dgmspark.engine.spark;

import dev.dgmspark.io.SerializableConfiguration;
import dev.dgmspark.io.Storage;
import dev.dgmspark.minibatch.BatchLabels;
import dev.dgmspark.minibatch.ImageBatchFile;
import dev.dgmspark.minibatch.ImagePixels;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.api.java.function.PairFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

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
    return export(spark, shardPaths, size, channels, dir, batchSize, seed, List.of(), List.of());
  }

  /**
   * Exports the images of {@code shardPaths} into {@code dir}, with a {@link BatchLabels} file next to every batch
   * when {@code labelColumns} is not empty.
   *
   * @param labelValues for each label column, its values; a value's position is its code
   * @return the batches, in a stable order
   */
  public static List<Batch> export(SparkSession spark, String[] shardPaths, int size, int channels, Path dir,
      int batchSize, long seed, List<String> labelColumns, List<List<String>> labelValues) throws IOException {
    return export(spark, ExportRows.IMAGES, shardPaths, size, channels, dir, batchSize, seed, labelColumns,
        labelValues);
  }

  /**
   * Exports the rows {@code source} makes of {@code shardPaths} into {@code dir}: each row one example of
   * {@code source.images() × channels} channels, with a {@link BatchLabels} file next to every batch when
   * {@code labelColumns} is not empty.
   *
   * @param labelValues for each label column, its values; a value's position is its code
   * @return the batches, in a stable order
   */
  public static List<Batch> export(SparkSession spark, ExportRows source, String[] shardPaths, int size,
      int channels, Path dir, int batchSize, long seed, List<String> labelColumns, List<List<String>> labelValues)
      throws IOException {
    long start = System.nanoTime();
    Dataset<Row> rows = source.rows(spark, shardPaths, labelColumns);
    int images = source.images();
    long count = rows.count();
    int partitions = (int) Math.max(1, Math.min(4096, (count + batchSize * 200L - 1) / (batchSize * 200L)));
    partitions = Math.max(partitions, Math.min(spark.sparkContext().defaultParallelism(),
        (int) Math.max(1, count / batchSize)));
    // A seeded hash of the id places and orders the rows: the same data and seed always give the same batches. Not
    // repartitionByRange: its bounds come from a sample whose seed is the RDD's id, so a run that ran other jobs
    // first (a resumed one) got other minibatches than an uninterrupted run.
    Dataset<Row> keyed = rows.withColumn("k", functions.xxhash64(functions.col("id"), functions.lit(seed)))
        .drop("id");
    JavaRDD<Row> ordered = keyed.javaRDD().mapToPair(new KeyedRow(keyed.schema().fieldIndex("k")))
        .repartitionAndSortWithinPartitions(new HashPartitioner(partitions)).values();
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Storage.fs(dir, conf).mkdirs(dir);
    Broadcast<SerializableConfiguration> hadoop = spark.sparkContext().broadcast(new SerializableConfiguration(conf),
        scala.reflect.ClassTag$.MODULE$.apply(SerializableConfiguration.class));
    String target = dir.toString();
    spark.sparkContext().setJobDescription(String.format("train: export %,d images as minibatches of %d", count,
        batchSize));
    List<Batch> batches = new ArrayList<>(ordered.mapPartitionsWithIndex(
        new Writer(hadoop, target, size, channels, images, batchSize, labelValues), false).collect());
    spark.sparkContext().setJobDescription(null);
    batches.sort(java.util.Comparator.comparing(Batch::path));
    LOG.info("train: exported {} images into {} minibatch files under {} in {} s", count, batches.size(), dir,
        String.format("%.1f", (System.nanoTime() - start) / 1e9));
    return batches;
  }

  /** A row keyed by its order column {@code k}, which the row then leaves out (the writer reads by position). */
  private static final class KeyedRow implements PairFunction<Row, Long, Row> {
    private static final long serialVersionUID = 1L;
    private final int keyAt;

    KeyedRow(int keyAt) {
      this.keyAt = keyAt;
    }

    @Override
    public Tuple2<Long, Row> call(Row row) {
      Object[] values = new Object[row.length() - 1];
      for (int i = 0, j = 0; i < row.length(); i++) {
        if (i != keyAt) {
          values[j++] = row.get(i);
        }
      }
      return new Tuple2<>(row.getLong(keyAt), RowFactory.create(values));
    }
  }

  /** Executor side: decodes a partition's images and writes them in batches. */
  private static final class Writer implements Function2<Integer, Iterator<Row>, Iterator<Batch>> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<SerializableConfiguration> hadoop;
    private final String dir;
    private final int size;
    private final int channels;
    private final int images;
    private final int batchSize;
    private final List<List<String>> labelValues;

    Writer(Broadcast<SerializableConfiguration> hadoop, String dir, int size, int channels, int images,
        int batchSize, List<List<String>> labelValues) {
      this.hadoop = hadoop;
      this.dir = dir;
      this.size = size;
      this.channels = channels;
      this.images = images;
      this.batchSize = batchSize;
      this.labelValues = new ArrayList<>(labelValues.stream().map(v -> (List<String>) new ArrayList<>(v)).toList());
    }

    @Override
    public Iterator<Batch> call(Integer partition, Iterator<Row> rows) throws IOException {
      Configuration conf = hadoop.value().get();
      Path folder = new Path(dir);
      FileSystem fs = Storage.fs(folder, conf);
      int imageBytes = size * size * channels * images;
      byte[] pixels = new byte[batchSize * imageBytes];
      int labels = labelValues.size();
      byte[] codes = new byte[batchSize * labels];
      List<Batch> written = new ArrayList<>();
      int inBatch = 0;
      while (rows.hasNext()) {
        Row row = rows.next();
        for (int i = 0; i < images; i++) {
          ImagePixels.decodeInto(row.getAs(i), channels, size, pixels, inBatch * imageBytes + i * imageBytes / images);
        }
        for (int a = 0; a < labels; a++) {
          int code = row.isNullAt(images + a) ? -1 : labelValues.get(a).indexOf(row.get(images + a).toString());
          codes[inBatch * labels + a] = (byte) (code < 0 ? BatchLabels.MISSING : code);
        }
        inBatch++;
        if (inBatch == batchSize || !rows.hasNext()) {
          byte[] exact = inBatch == batchSize ? pixels : java.util.Arrays.copyOf(pixels, inBatch * imageBytes);
          // Names depend only on the partition and position, so a retried task rewrites the same files.
          Path file = new Path(folder, String.format("batch-%05d-%06d.bin", partition, written.size()));
          try (OutputStream out = fs.create(file, true)) {
            new ImageBatchFile(inBatch, channels * images, size, size, exact).write(out);
          }
          if (labels > 0) {
            try (OutputStream out = fs.create(new Path(BatchLabels.pathFor(file.toString())), true)) {
              new BatchLabels(inBatch, labels, java.util.Arrays.copyOf(codes, inBatch * labels)).write(out);
            }
          }
          written.add(new Batch(file.toString(), inBatch));
          inBatch = 0;
        }
      }
      return written.iterator();
    }
  }
}
