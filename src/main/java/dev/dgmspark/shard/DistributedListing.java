package dev.dgmspark.shard;

import dev.dgmspark.io.SerializableConfiguration;
import dev.dgmspark.io.Storage;
import dev.dgmspark.spark.SparkWrites;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists the shard job's input in Spark tasks and writes the listing as Parquet files, so that the driver never holds
 * it: a bucket of 100M objects is about 15 GB of listing, and listed one page of 1,000 keys at a time from one
 * process, hours of requests.
 *
 * <p>The driver lists only the top of the tree: the root's entries, then one more level at a time while there are
 * fewer folders than {@code targetPrefixes} (at most {@link #MAX_PLAN_DEPTH} levels). Each folder found becomes a
 * prefix that one task lists with Hadoop's {@code listFiles(recursive)} (on S3 one flat paged listing per prefix) or,
 * locally, a java.nio walk; the files met on the way down (the root's own files, say) become prefixes listed without
 * recursion. The tasks' rows go through Spark's Parquet writer and its commit protocol (the S3A committers on
 * {@code s3a://}), so a retried listing task leaves the rows of its one committed attempt, never those of a failed
 * one: nothing is lost or listed twice. The driver then reads back only the count and byte total.
 *
 * <p>A task holds the listing of one prefix at a time (a few hundred bytes a file).
 */
public final class DistributedListing {
  /** Folder levels under the root that the driver may list to find enough prefixes. */
  static final int MAX_PLAN_DEPTH = 3;
  /** The listing's columns, also what the shard tasks read. */
  static final StructType SCHEMA = new StructType()
      .add("path", DataTypes.StringType, false)
      .add("relative_path", DataTypes.StringType, false)
      .add("length", DataTypes.LongType, false);

  private static final Logger LOG = LoggerFactory.getLogger(DistributedListing.class);

  private DistributedListing() {}

  /** A folder that one task lists: every level under it when {@code recursive}, else only its own files. */
  record Prefix(String path, boolean recursive) implements Serializable {}

  /**
   * What the listing wrote.
   *
   * @param folder the folder of Parquet files ({@link #SCHEMA}), one per listing task
   * @param files files listed
   * @param bytes their bytes
   * @param prefixes prefixes listed in tasks
   * @param tasks listing tasks
   * @param planSeconds driver time spent finding the prefixes
   */
  public record Result(Path folder, long files, long bytes, int prefixes, int tasks, double planSeconds) {}

  /**
   * Lists the input under {@code root} (a folder) in Spark tasks into the Parquet folder {@code target}.
   *
   * @param targetPrefixes the driver lists deeper levels while it has found fewer folders than this
   */
  static Result run(SparkSession spark, Path root, ListingScope scope, Path target, int targetPrefixes)
      throws IOException {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    FileSystem fs = Storage.fs(root, conf);
    long planStart = System.nanoTime();
    List<Prefix> prefixes = plan(fs, root, scope, targetPrefixes);
    double planSeconds = (System.nanoTime() - planStart) / 1e9;
    int slots = Math.max(1, spark.sparkContext().defaultParallelism());
    int tasks = Math.max(1, Math.min(prefixes.size(), 4 * slots));
    LOG.info("shard: listing {} in {} tasks over {} prefixes (found in {} s on the driver)", root, tasks,
        prefixes.size(), String.format("%.2f", planSeconds));
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    // Prefixes spread round-robin over the tasks: folders next to each other often hold similar amounts.
    List<Prefix> spread = new ArrayList<>(prefixes.size());
    for (int t = 0; t < tasks; t++) {
      for (int i = t; i < prefixes.size(); i += tasks) {
        spread.add(prefixes.get(i));
      }
    }
    JavaRDD<Row> rows = jsc.parallelize(spread, tasks)
        .mapPartitions(new ListTask(new SerializableConfiguration(conf), scope));
    SparkWrites.parquet(spark.createDataFrame(rows, SCHEMA), target);
    Row totals = read(spark, target).agg(functions.count(functions.lit(1)), functions.sum("length")).first();
    long files = totals.getLong(0);
    long bytes = totals.isNullAt(1) ? 0 : totals.getLong(1);
    return new Result(target, files, bytes, prefixes.size(), tasks, planSeconds);
  }

  /** The listing written by {@link #run}. */
  static Dataset<Row> read(SparkSession spark, Path folder) {
    return spark.read().schema(SCHEMA).parquet(folder.toString());
  }

  /**
   * The prefixes to list in tasks: the driver lists the root, then deeper levels while it has fewer folders than
   * {@code target}, up to {@link #MAX_PLAN_DEPTH} levels. Folders with files of their own at a level the driver
   * listed give a non-recursive prefix; the deepest folders found give recursive ones.
   */
  static List<Prefix> plan(FileSystem fs, Path root, ListingScope scope, int target) throws IOException {
    List<Prefix> prefixes = new ArrayList<>();
    List<Path> frontier = List.of(root);
    for (int depth = 0; depth < MAX_PLAN_DEPTH && !frontier.isEmpty(); depth++) {
      if (depth > 0 && prefixes.size() + frontier.size() >= target) {
        break;
      }
      List<Path> next = new ArrayList<>();
      for (Path folder : frontier) {
        if (listLevel(fs, folder, scope, next)) {
          prefixes.add(new Prefix(folder.toString(), false));
        }
      }
      frontier = next;
    }
    for (Path folder : frontier) {
      prefixes.add(new Prefix(folder.toString(), true));
    }
    return prefixes;
  }

  /** Adds the sub-folders of {@code folder} to {@code folders}; returns whether it holds files of its own. */
  private static boolean listLevel(FileSystem fs, Path folder, ListingScope scope, List<Path> folders)
      throws IOException {
    boolean hasFiles = false;
    if ("file".equals(fs.getUri().getScheme())) {
      List<String> names = new ArrayList<>();
      try (DirectoryStream<java.nio.file.Path> entries = Files.newDirectoryStream(
          java.nio.file.Path.of(folder.toUri().getPath()))) {
        for (java.nio.file.Path entry : entries) {
          BasicFileAttributes attributes = Files.readAttributes(entry, BasicFileAttributes.class,
              LinkOption.NOFOLLOW_LINKS);
          if (attributes.isDirectory()) {
            if (!scope.skipsFolder(entry.toAbsolutePath().toString())) {
              names.add(entry.getFileName().toString());
            }
          } else {
            hasFiles = true;
          }
        }
      }
      Collections.sort(names);
      for (String name : names) {
        folders.add(scope.child(folder, name));
      }
      return hasFiles;
    }
    RemoteIterator<FileStatus> it = fs.listStatusIterator(folder);
    while (it.hasNext()) {
      FileStatus status = it.next();
      if (status.isDirectory()) {
        if (!scope.skipsFolder(status.getPath().toUri().getPath())) {
          folders.add(status.getPath());
        }
      } else {
        hasFiles = true;
      }
    }
    return hasFiles;
  }

  /** A listing task: lists its prefixes one after the other, holding one prefix's files at a time. */
  static final class ListTask implements FlatMapFunction<Iterator<Prefix>, Row> {
    private static final long serialVersionUID = 1L;

    private final SerializableConfiguration conf;
    private final ListingScope scope;

    ListTask(SerializableConfiguration conf, ListingScope scope) {
      this.conf = conf;
      this.scope = scope;
    }

    @Override
    public Iterator<Row> call(Iterator<Prefix> prefixes) {
      return new Iterator<>() {
        private Iterator<InputFile> current = Collections.emptyIterator();

        @Override
        public boolean hasNext() {
          while (!current.hasNext() && prefixes.hasNext()) {
            current = list(prefixes.next()).iterator();
          }
          return current.hasNext();
        }

        @Override
        public Row next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          InputFile file = current.next();
          return RowFactory.create(file.path(), file.relativePath(), file.length());
        }
      };
    }

    private List<InputFile> list(Prefix prefix) {
      Path folder = new Path(prefix.path());
      List<InputFile> files = new ArrayList<>();
      try {
        scope.list(Storage.fs(folder, conf.get()), folder, prefix.recursive(), files::add);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException("listing " + folder + " failed", e);
      }
      return files;
    }
  }
}
