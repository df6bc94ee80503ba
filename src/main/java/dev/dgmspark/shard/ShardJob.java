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
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shard job: turns a folder of image files into Parquet shards with an index, accounting for every input file.
 *
 * <p>Flow: list every input file on the driver; split the sorted listing into slices of equal work; each task
 * decodes its slice and writes shards and rejects under attempt-specific staging names; the driver then commits the
 * files of the one successful attempt per slice, writes {@code rejects.jsonl} and {@code index.json}, and finally
 * {@code summary.json}, whose presence marks the folder as finished. It is one Spark stage with no shuffle.
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
    long listStart = System.nanoTime();
    List<InputFile> files = InputListing.list(input, conf, excluded, out);
    long listNanos = System.nanoTime() - listStart;
    if (files.isEmpty()) {
      throw new UsageException("--input " + options.input() + " holds no files");
    }
    if (options.layout() == InputLayout.IMAGEFOLDER) {
      attributeSource = new AttributeSource(attributeSource.path, attributeSource.table.withFolderLabels(files,
          String.valueOf(attributeSource.path)));
      LOG.info("shard: ImageFolder layout: {} of {} files are in a class folder", files.stream()
          .filter(f -> f.relativePath().indexOf('/') > 0).count(), files.size());
    }
    int slots = spark.sparkContext().defaultParallelism();
    int sliceCount = options.partitions() > 0 ? options.partitions()
        : InputSlices.defaultCount(files, slots, MAX_BYTES_PER_TASK);
    List<InputSlices.Slice> slices = InputSlices.plan(files, sliceCount);
    LOG.info("shard: {} input files ({} MB) under {}, {} tasks on {} task slots{}", files.size(),
        totalBytes(files) >> 20, input, slices.size(), slots,
        attributeSource.path == null ? "" : ", attributes from " + attributeSource.path);

    ShardSchema schema = new ShardSchema(attributeSource.table.columns());
    Path staging = folder.resolve(OutputFolder.STAGING);
    ShardTaskContext context = new ShardTaskContext(staging.toString(), new SerializableConfiguration(conf),
        new DecodeOptions(options.size(), options.channels(), options.maxPixels()), attributeSource.table, schema,
        options.targetShardBytes(), options.readAhead());
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<ShardTaskContext> broadcast = jsc.broadcast(context);
    List<ShardTaskResult> results;
    double listSeconds = round(listNanos / 1e9, 3);
    try {
      jsc.setJobGroup("dgm-shard", String.format("shard: decode %,d files in %d tasks", files.size(),
          slices.size()), false);
      long tasksStart = System.nanoTime();
      try (JobProgress progress = JobProgress.start(spark, "shard", slices.stream()
          .mapToLong(s -> s.files().size()).toArray(), "files")) {
        results = new ArrayList<>(jsc.parallelize(slices, slices.size()).map(new ShardTask(broadcast))
            .collect());
      }
      double taskSeconds = round((System.nanoTime() - tasksStart) / 1e9, 3);
      results.sort(Comparator.comparingInt(ShardTaskResult::slice));
      return commit(folder, files, results, attributeSource, schema, options, startedAt, start, input, listSeconds,
          taskSeconds);
    } finally {
      jsc.clearJobGroup();
      broadcast.destroy();
      try {
        folder.deleteStaging();
      } catch (IOException e) {
        LOG.warn("shard: could not delete the staging folder {}: {}", staging, e.getMessage());
      }
    }
  }

  private static ShardSummary commit(OutputFolder folder, List<InputFile> files, List<ShardTaskResult> results,
      AttributeSource attributeSource, ShardSchema schema, ShardOptions options, Instant startedAt, long start,
      Path input, double listSeconds, double taskSeconds) throws IOException {
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
      missing += result.attributesMissing;
      warnings += result.decoderWarnings;
      readNanos += result.readNanos;
      decodeNanos += result.decodeNanos;
      writeNanos += result.writeNanos;
      result.rejectReasons.forEach((k, v) -> reasons.merge(k, v, Long::sum));
      result.conversions.forEach((k, v) -> conversions.merge(k, v, Long::sum));
    }
    if (inputs != files.size() || inputs != accepted + rejected) {
      throw new IllegalStateException(String.format(
          "accounting does not hold: %d listed, %d processed, %d accepted + %d rejected", files.size(), inputs,
          accepted, rejected));
    }
    writeRejects(fs, folder.resolve(REJECTS), results, conf);
    ShardIndex index = new ShardIndex(options.size(), options.channels(), accepted, schema.attributeColumns(),
        schema.describe(), entries);
    index.write(folder.root(), conf);

    double commitSeconds = round((System.nanoTime() - commitStart) / 1e9, 3);
    double seconds = (System.nanoTime() - start) / 1e9;
    ShardSummary summary = new ShardSummary(input.toString(), folder.root().toString(), inputs, accepted, rejected,
        reasons, conversions, warnings, entries.size(), accepted, bytesRead, outputBytes, round(seconds, 3),
        round(inputs / Math.max(seconds, 1e-9), 1),
        new ShardSummary.TaskSeconds(round(readNanos / 1e9, 3), round(decodeNanos / 1e9, 3),
            round(writeNanos / 1e9, 3)),
        new ShardSummary.DriverSeconds(listSeconds, taskSeconds, commitSeconds),
        new ShardSummary.Attributes(attributeSource.path == null ? null : attributeSource.path.toString(),
            schema.attributeColumns(), matched, missing, Math.max(0, attributeSource.table.size() - matched)),
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
      return new AttributeSource(null, AttributeTable.empty());
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
        return new AttributeSource(null, AttributeTable.empty());
      }
      csv = new Path(input, DEFAULT_ATTRIBUTES);
      if (!fs.exists(csv)) {
        return new AttributeSource(null, AttributeTable.empty());
      }
      csv = fs.makeQualified(csv);
    }
    return new AttributeSource(csv, AttributeTable.load(csv, conf, ShardSchema.RESERVED));
  }

  private record AttributeSource(Path path, AttributeTable table) {}

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
