package dev.dgmspark.cli;

import dev.dgmspark.shard.InputLayout;
import dev.dgmspark.shard.ListingMode;
import dev.dgmspark.shard.ShardJob;
import dev.dgmspark.shard.ShardOptions;
import dev.dgmspark.shard.ShardSummary;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dgm shard}: image files to Parquet shards with an index, a rejects list and a summary. */
@Command(name = "shard", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Decode PNG and JPEG files (recursively) into Parquet shards of size x size images, accounting for every "
        + "input file: accepted into a shard, or listed in rejects.jsonl with a reason. Writes "
        + "<out>/shards/*.parquet, index.json, rejects.jsonl and summary.json (last: its presence means the run "
        + "finished)."})
final class ShardCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--input", required = true, paramLabel = "DIR|URI",
      description = "Folder (or single file) of images: a local path, file:, hdfs:// or s3a:// URI.")
  String input;

  @Option(names = "--out", required = true, paramLabel = "DIR|URI", description = "Output folder.")
  String out;

  @Option(names = "--size", defaultValue = "64", paramLabel = "PIXELS",
      description = "Side of the square output images (centre crop, then resize); 8 to 1024. Default: ${DEFAULT-VALUE}.")
  int size;

  @Option(names = "--channels", defaultValue = "3", paramLabel = "N",
      description = "3 for RGB or 1 for grey. Default: ${DEFAULT-VALUE}.")
  int channels;

  @Option(names = "--max-pixels", defaultValue = "25000000", paramLabel = "N",
      description = "Reject inputs larger than this many pixels, from their header, before decoding. "
          + "Default: ${DEFAULT-VALUE}.")
  long maxPixels;

  @Option(names = "--attributes", paramLabel = "CSV",
      description = "CSV of per-image attributes: first column the image path relative to --input, then one "
          + "column per attribute. Default: <input>/attributes.csv when present.")
  String attributes;

  @Option(names = "--no-attributes", description = "Do not join any attributes CSV.")
  boolean noAttributes;

  @Option(names = "--layout", defaultValue = "files", paramLabel = "LAYOUT",
      converter = LowerCaseEnums.InputLayoutConverter.class,
      description = "files (any tree of images) or imagefolder (root/<class>/image.png, as torchvision's "
          + "ImageFolder: the class folder becomes a 'label' attribute column). Default: ${DEFAULT-VALUE}.")
  InputLayout layout;

  @Option(names = "--shard-size-mb", defaultValue = "128", paramLabel = "MB",
      description = "Close a shard file once it reaches this size; 1 to 4096. Default: ${DEFAULT-VALUE}.")
  int shardSizeMb;

  @Option(names = "--partitions", defaultValue = "0", paramLabel = "N",
      description = "Tasks to split the input into (0: one per task slot, or one per 64 MB of input if more). "
          + "Default: ${DEFAULT-VALUE}.")
  int partitions;

  @Option(names = "--read-ahead", defaultValue = "" + ShardOptions.DEFAULT_READ_AHEAD, paramLabel = "N",
      description = "Files each task reads concurrently ahead of decoding from object stores (s3a://) and HDFS; "
          + "0 reads one at a time; 0 to 64. Local files are always read one at a time. Default: ${DEFAULT-VALUE}.")
  int readAhead;

  @Option(names = "--listing", defaultValue = "auto", paramLabel = "MODE",
      converter = LowerCaseEnums.ListingModeConverter.class,
      description = "How to list --input: flat (on the driver), distributed (folders listed in Spark tasks into "
          + "Parquet files the shard tasks read; the driver holds no file list), or auto: distributed for object "
          + "stores (s3a://), else flat until --listing-threshold files. Default: ${DEFAULT-VALUE}.")
  ListingMode listing;

  @Option(names = "--listing-threshold", defaultValue = "" + ShardOptions.DEFAULT_LISTING_THRESHOLD,
      paramLabel = "FILES", description = "With --listing auto, a flat listing that finds more files than this "
          + "switches to the distributed one; 1 or more. Default: ${DEFAULT-VALUE}.")
  long listingThreshold;

  @Option(names = "--overwrite", description = "Replace a finished run in --out.")
  boolean overwrite;

  @Mixin SparkOptions sparkOptions;

  @Override
  public Integer call() throws Exception {
    ShardOptions options = options();
    try (SparkSession spark = sparkOptions.session("shard")) {
      ShardSummary summary = ShardJob.run(spark, options);
      PrintWriter outWriter = spec.commandLine().getOut();
      outWriter.printf("shard: %s inputs, %s accepted, %s rejected %s in %s s (%s images/s)%n",
          summary.inputs(), summary.accepted(), summary.rejected(), summary.rejectReasons(), summary.seconds(),
          summary.imagesPerSecond());
      outWriter.printf("shards: %s/shards (%s files), index: %s/index.json, rejects: %s/rejects.jsonl%n",
          summary.out(), summary.shards(), summary.out(), summary.out());
      outWriter.flush();
    }
    return 0;
  }

  /** Checks the option values and builds the job's options; bad values exit 2 before Spark starts. */
  ShardOptions options() {
    Validation.inRange(spec, "--size", size, 8, 1024);
    Validation.oneOf(spec, "--channels", channels, 1, 3);
    Validation.inRange(spec, "--max-pixels", maxPixels, 1, Long.MAX_VALUE);
    Validation.inRange(spec, "--shard-size-mb", shardSizeMb, 1, 4096);
    Validation.inRange(spec, "--partitions", partitions, 0, 1_000_000);
    Validation.inRange(spec, "--read-ahead", readAhead, 0, 64);
    Validation.inRange(spec, "--listing-threshold", listingThreshold, 1, Long.MAX_VALUE);
    if (noAttributes && attributes != null) {
      throw Validation.invalid(spec, "--no-attributes", "cannot be combined with --attributes");
    }
    return ShardOptions.of(input, out).withSize(size).withChannels(channels).withMaxPixels(maxPixels)
        .withAttributes(attributes).withNoAttributes(noAttributes).withTargetShardBytes((long) shardSizeMb << 20)
        .withPartitions(partitions).withOverwrite(overwrite).withReadAhead(readAhead).withLayout(layout)
        .withListing(listing).withListingThreshold(listingThreshold);
  }
}
