package dev.dgmspark.shard;

import dev.dgmspark.common.Provenance;
import dev.dgmspark.common.UsageException;
import dev.dgmspark.io.Json;
import dev.dgmspark.io.OutputFolder;
import dev.dgmspark.io.SerializableConfiguration;
import dev.dgmspark.io.Storage;
import dev.dgmspark.shard.image.DecodeOptions;
import dev.dgmspark.spark.JobProgress;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shard job: turns a folder of image files into Parquet shards with an index, accounting for every input file.
 *
 * <p>Flow: list every input file, on the driver ({@link InputListing}) or, for object stores and large inputs, in Spark
 * tasks into Parquet files ({@link DistributedListing}); split the sorted listing into contiguous slices (of equal
 * work on the driver, by range partitioning from the Parquet listing); each task decodes its slice and writes shards and rejects under attempt-specific staging names; the driver then commits the
 * files of the one successful attempt per slice, writes {@code rejects.jsonl} and {@code index.json}, and finally
 * {@code summary.json}, whose presence marks the folder as finished. With a flat listing it is one Spark stage with no
 * shuffle; with a distributed one, a listing job, then a shuffle of the listing rows (never of images) into slices.
 */
public final class ShardJob {
  /** Name of the finished-run marker, written last. */
  public static final String SUMMARY = "summary.json";
  /** Rejected inputs, one JSON object per line. */
  public static final String REJECTS = "rejects.jsonl";
  /** Folder of Parquet shard files. */
  public static final String SHARDS = "shards";
  /** Attributes file looked for in the input folder when none is named. */
  public static final String DEFAULT_ATTRIBUTES = "attributes.csv";

  private static final Logger LOG = LoggerFactory.getLogger(ShardJob.class);
  private static final long MAX_BYTES_PER_TASK = 64L << 20;
  /** Prefixes the distributed listing looks for per task slot, so that its tasks even out uneven folders. */
  static final int LISTING_PREFIXES_PER_SLOT = 8;

  private ShardJob() {}

  /** Runs the job and returns what {@code summary.json} says. */
  public static ShardSummary run(SparkSession spark, ShardOptions options) throws IOException {
    Instant startedAt = Instant.now();
    long start = System.nanoTime();
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Path input = Storage.qualify(options.input(), conf);
    FileSystem inputFs = input.getFileSystem(conf);
    if (!inputFs.exists(input)) {
      throw new UsageException("--input " + options.input() + " does not exist");
    }
    Path out = Storage.qualify(options.out(), conf);
    OutputFolder folder = OutputFolder.prepare(out, conf, options.overwrite(), SUMMARY,
        Set.of(SHARDS, ShardIndex.FILE_NAME, REJECTS, SUMMARY));

    AttributeSource attributeSource = findAttributes(options, input, conf);
    Set<Path> excluded = new HashSet<>();
    if (attributeSource.path != null) {
      excluded.add(attributeSource.path);
    }
    if (options.layout() == InputLayout.IMAGEFOLDER) {
      attributeSource = new AttributeSource(attributeSource.path, attributeSource.table.withFolderLabels(
          String.valueOf(attributeSource.path)), 0);
    }
    Path staging = folder.resolve(OutputFolder.STAGING);
    Listed listed;
    Dataset<Row> joinedListing = null;
    // Until the tasks start (their own finally cleans up), a failure must not leave the listing files behind.
    try {
      listed = list(spark, options, input, conf, excluded, out, staging);
      if (listed.count() == 0) {
        throw new UsageException("--input " + options.input() + " holds no files");
      }
      if (attributeSource.path != null && listed.files() != null) {
        // The listing is on the driver already: the CSV's rows may be too.
        AttributeTable table = AttributeTable.load(attributeSource.path, conf, ShardSchema.RESERVED);
        if (attributeSource.table.hasFolderLabels()) {
          table = table.withFolderLabels(String.valueOf(attributeSource.path));
        }
        attributeSource = new AttributeSource(attributeSource.path, table, table.size());
      } else if (attributeSource.path != null) {
        JavaSparkContext.fromSparkContext(spark.sparkContext()).setJobGroup("dgm-shard-attributes",
            "shard: join " + attributeSource.path + " to the listing", false);
        AttributeJoin.Joined joined = AttributeJoin.join(spark, DistributedListing.read(spark, listed.folder()),
            attributeSource.path, attributeSource.table);
        joinedListing = joined.listing();
        attributeSource = new AttributeSource(attributeSource.path, attributeSource.table, joined.csvRows());
      }
    } catch (IOException | RuntimeException e) {
      deleteStaging(folder, staging);
      throw e;
    }
    int slots = spark.sparkContext().defaultParallelism();
    int sliceCount = options.partitions() > 0 ? options.partitions()
        : listed.files() != null ? InputSlices.defaultCount(listed.files(), slots, MAX_BYTES_PER_TASK)
        : InputSlices.defaultCount(listed.count(), listed.bytes(), slots, MAX_BYTES_PER_TASK);
    List<InputSlices.Slice> slices = listed.files() == null ? null : InputSlices.plan(listed.files(), sliceCount);
    int tasks = slices == null ? sliceCount : slices.size();
    LOG.info("shard: {} input files ({} MB) under {}, listed {} ({} s), {} tasks on {} task slots{}", listed.count(),
        listed.bytes() >> 20, input, listed.summary().mode(), listed.summary().seconds(), tasks, slots,
        attributeSource.path == null ? "" : ", attributes from " + attributeSource.path);

    ShardSchema schema = new ShardSchema(attributeSource.table.columns());
    ShardTaskContext context = new ShardTaskContext(staging.toString(), new SerializableConfiguration(conf),
        new DecodeOptions(options.size(), options.channels(), options.maxPixels()), attributeSource.table, schema,
        options.targetShardBytes(), options.readAhead());
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<ShardTaskContext> broadcast = jsc.broadcast(context);
    List<ShardTaskResult> results;
    try {
      JavaRDD<ShardTaskResult> work;
      long[] filesPerTask;
      if (slices != null) {
        work = jsc.parallelize(slices, slices.size()).map(new ShardTask(broadcast));
        filesPerTask = slices.stream().mapToLong(sl -> sl.files().size()).toArray();
      } else {
        // Contiguous runs of the sorted listing, as the flat plan makes, by range partitioning on the relative path
        // (a sampling job finds the bounds); a retried task reads the same run from the shuffle.
        jsc.setJobGroup("dgm-shard-plan", String.format("shard: range-partition %,d listed files into %d slices",
            listed.count(), sliceCount), false);
        work = (joinedListing != null ? joinedListing : DistributedListing.read(spark, listed.folder()))
            .repartitionByRange(sliceCount, functions.col("relative_path"))
            .sortWithinPartitions("relative_path")
            .javaRDD()
            .mapPartitionsWithIndex(new ShardTask.FromRows(broadcast), false);
        filesPerTask = new long[sliceCount];
        java.util.Arrays.fill(filesPerTask, listed.count() / sliceCount);
      }
      jsc.setJobGroup("dgm-shard", String.format("shard: decode %,d files in %d tasks", listed.count(), tasks),
          false);
      long tasksStart = System.nanoTime();
      try (JobProgress progress = JobProgress.start(spark, "shard", filesPerTask, "files")) {
        results = new ArrayList<>(work.collect());
      }
      double taskSeconds = round((System.nanoTime() - tasksStart) / 1e9, 3);
      results.sort(Comparator.comparingInt(ShardTaskResult::slice));
      return commit(folder, listed, results, attributeSource, schema, options, startedAt, start, input, taskSeconds);
    } finally {
      jsc.clearJobGroup();
      broadcast.destroy();
      deleteStaging(folder, staging);
    }
  }

  private static void deleteStaging(OutputFolder folder, Path staging) {
    try {
      folder.deleteStaging();
    } catch (IOException e) {
      LOG.warn("shard: could not delete the staging folder {}: {}", staging, e.getMessage());
    }
  }

  /**
   * The input's listing: the sorted files on the driver (flat), or the Parquet folder the listing tasks wrote
   * (distributed, {@code files} null), with the count and bytes either way.
   */
  private record Listed(List<InputFile> files, Path folder, long count, long bytes, ShardSummary.Listing summary) {}

  /** Lists the input as {@code options.listing()} says (see {@link ListingMode}). */
  private static Listed list(SparkSession spark, ShardOptions options, Path input, Configuration conf,
      Set<Path> excluded, Path out, Path staging) throws IOException {
    long start = System.nanoTime();
    FileSystem fs = input.getFileSystem(conf);
    long threshold = options.listingThreshold();
    String reason;
    List<InputFile> files = null;
    if (fs.getFileStatus(input).isFile()) {
      reason = "single_file";
      files = InputListing.list(input, conf, excluded, out);
    } else if (options.listing() == ListingMode.FLAT) {
      reason = "asked";
      files = InputListing.list(input, conf, excluded, out);
    } else if (options.listing() == ListingMode.DISTRIBUTED) {
      reason = "asked";
    } else if (Storage.isObjectStore(fs)) {
      reason = "object_store";
    } else {
      files = InputListing.list(input, conf, excluded, out, threshold);
      reason = files == null ? "over_threshold" : "under_threshold";
      if (files == null) {
        LOG.info("shard: more than {} files under {}: listing it in Spark tasks instead", threshold, input);
      }
    }
    if (files != null) {
      long bytes = totalBytes(files);
      return new Listed(files, null, files.size(), bytes, new ShardSummary.Listing("flat", reason, threshold, 0, 0,
          files.size(), round((System.nanoTime() - start) / 1e9, 3), 0));
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    jsc.setJobGroup("dgm-shard-list", "shard: list " + input + " in tasks", false);
    DistributedListing.Result result;
    try {
      result = DistributedListing.run(spark, fs.getFileStatus(input).getPath(),
          new ListingScope(fs.getFileStatus(input).getPath(), excluded, out), new Path(staging, "listing"),
          LISTING_PREFIXES_PER_SLOT * Math.max(1, spark.sparkContext().defaultParallelism()));
    } finally {
      jsc.clearJobGroup();
    }
    return new Listed(null, result.folder(), result.files(), result.bytes(), new ShardSummary.Listing("distributed",
        reason, threshold, result.prefixes(), result.tasks(), result.files(),
        round((System.nanoTime() - start) / 1e9, 3), round(result.planSeconds(), 3)));
  }

  private static ShardSummary commit(OutputFolder folder, Listed listed, List<ShardTaskResult> results,
      AttributeSource attributeSource, ShardSchema schema, ShardOptions options, Instant startedAt, long start,
      Path input, double taskSeconds) throws IOException {
    long commitStart = System.nanoTime();
    FileSystem fs = folder.fs();
    Configuration conf = fs.getConf();
    Path shardsDir = folder.resolve(SHARDS);
    fs.mkdirs(shardsDir);
    List<ShardIndex.Entry> entries = new ArrayList<>();
    long inputs = 0;
    long accepted = 0;
    long rejected = 0;
    long bytesRead = 0;
    long outputBytes = 0;
    long matched = 0;
    long csvMatched = 0;
    long missing = 0;
    long warnings = 0;
    long readNanos = 0;
    long decodeNanos = 0;
    long writeNanos = 0;
    Map<String, Long> reasons = new TreeMap<>();
    Map<String, Long> conversions = new TreeMap<>();
    for (ShardTaskResult result : results) {
      for (ShardFile file : result.files()) {
        Path target = new Path(shardsDir, file.finalName());
        if (!fs.rename(new Path(file.stagingPath()), target)) {
          throw new IOException("cannot move shard " + file.stagingPath() + " to " + target);
        }
        entries.add(new ShardIndex.Entry(SHARDS + "/" + file.finalName(), file.rows(), file.bytes(), file.sha256()));
        outputBytes += file.bytes();
      }
      inputs += result.inputs;
      accepted += result.accepted;
      rejected += result.rejected;
      bytesRead += result.bytesRead;
      matched += result.attributesMatched;
      csvMatched += result.attributesCsvMatched;
      missing += result.attributesMissing;
      warnings += result.decoderWarnings;
      readNanos += result.readNanos;
      decodeNanos += result.decodeNanos;
      writeNanos += result.writeNanos;
      result.rejectReasons.forEach((k, v) -> reasons.merge(k, v, Long::sum));
      result.conversions.forEach((k, v) -> conversions.merge(k, v, Long::sum));
    }
    if (inputs != listed.count() || inputs != accepted + rejected) {
      throw new IllegalStateException(String.format(
          "accounting does not hold: %d listed, %d processed, %d accepted + %d rejected", listed.count(), inputs,
          accepted, rejected));
    }
    writeRejects(fs, folder.resolve(REJECTS), results, conf);
    ShardIndex index = new ShardIndex(options.size(), options.channels(), accepted, schema.attributeColumns().stream()
        .filter(ShardSchema::isAttribute).toList(),
        schema.describe(), entries);
    index.write(folder.root(), conf);

    double commitSeconds = round((System.nanoTime() - commitStart) / 1e9, 3);
    double seconds = (System.nanoTime() - start) / 1e9;
    ShardSummary summary = new ShardSummary(input.toString(), folder.root().toString(), inputs, accepted, rejected,
        reasons, conversions, warnings, entries.size(), accepted, bytesRead, outputBytes, round(seconds, 3),
        round(inputs / Math.max(seconds, 1e-9), 1),
        new ShardSummary.TaskSeconds(round(readNanos / 1e9, 3), round(decodeNanos / 1e9, 3),
            round(writeNanos / 1e9, 3)),
        new ShardSummary.DriverSeconds(listed.summary().seconds(), taskSeconds, commitSeconds), listed.summary(),
        new ShardSummary.Attributes(attributeSource.path == null ? null : attributeSource.path.toString(),
            schema.attributeColumns(), matched, missing, Math.max(0, attributeSource.csvRows - csvMatched)),
        Provenance.of("shard", options, startedAt));
    Storage.writeAtomically(folder.resolve(SUMMARY), Json.pretty(summary), conf);
    LOG.info("shard: {} inputs -> {} accepted, {} rejected {} in {} s ({} images/s); {} shard files, {} MB",
        inputs, accepted, rejected, reasons, round(seconds, 2), summary.imagesPerSecond(), entries.size(),
        outputBytes >> 20);
    return summary;
  }

  /** Concatenates the tasks' reject files, in input order, into one file published atomically. */
  private static void writeRejects(FileSystem fs, Path target, List<ShardTaskResult> results, Configuration conf)
      throws IOException {
    Storage.writeAtomically(target, conf, out -> {
      for (ShardTaskResult result : results) {
        if (result.rejectsStagingPath != null) {
          try (InputStream in = fs.open(new Path(result.rejectsStagingPath))) {
            in.transferTo(out);
          }
        }
      }
    });
  }

  private static AttributeSource findAttributes(ShardOptions options, Path input, Configuration conf)
      throws IOException {
    if (options.noAttributes()) {
      return new AttributeSource(null, AttributeTable.empty(), 0);
    }
    Path csv;
    if (options.attributes() != null) {
      csv = Storage.qualify(options.attributes(), conf);
      if (!csv.getFileSystem(conf).exists(csv)) {
        throw new UsageException("--attributes " + options.attributes() + " does not exist");
      }
    } else {
      FileSystem fs = input.getFileSystem(conf);
      if (!fs.getFileStatus(input).isDirectory()) {
        return new AttributeSource(null, AttributeTable.empty(), 0);
      }
      csv = new Path(input, DEFAULT_ATTRIBUTES);
      if (!fs.exists(csv)) {
        return new AttributeSource(null, AttributeTable.empty(), 0);
      }
      csv = fs.makeQualified(csv);
    }
    return new AttributeSource(csv, AttributeTable.header(csv, conf, ShardSchema.RESERVED), 0);
  }

  /**
   * The attributes CSV, if any, its table (only the header until the listing says where the rows go) and its number
   * of rows.
   */
  private record AttributeSource(Path path, AttributeTable table, long csvRows) {}

  private static long totalBytes(List<InputFile> files) {
    long total = 0;
    for (InputFile file : files) {
      total += file.length();
    }
    return total;
  }

  private static double round(double value, int digits) {
    double scale = Math.pow(10, digits);
    return Math.round(value * scale) / scale;
  }
}
