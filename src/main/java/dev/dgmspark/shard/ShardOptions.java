package dev.dgmspark.shard;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * What the shard job is asked to do; recorded as is (snake_case) in the provenance of {@code summary.json}.
 *
 * <p>Start from {@link #of} (the two folders, every other value at its default) and change values with the
 * {@code withX} methods: {@code ShardOptions.of(in, out).withSize(32).withOverwrite(true)}.
 *
 * @param input folder or file of images (any Hadoop file system URI)
 * @param out output folder
 * @param size side of the square output images, in pixels
 * @param channels 3 (RGB) or 1 (grey)
 * @param maxPixels inputs with more pixels than this are rejected before they are decoded
 * @param attributes attributes CSV; {@code null} looks for {@code attributes.csv} in the input folder
 * @param noAttributes ignore any attributes CSV
 * @param targetShardBytes a shard file is closed once it reaches this size
 * @param partitions tasks to split the input into; 0 chooses from the task slots and input size
 * @param overwrite replace a finished run in {@code out}
 * @param readAhead files each task reads concurrently ahead of decoding from object stores and HDFS (0: one at a
 *     time); local files are always read one at a time
 * @param layout how the input is organised: {@link InputLayout#IMAGEFOLDER} adds a {@code label} column from the
 *     first folder under the input
 * @param listing how the input is listed (on the driver, or in Spark tasks)
 * @param listingThreshold with {@link ListingMode#AUTO}, a flat listing that finds more files than this switches to
 *     the distributed one
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ShardOptions(String input, String out, int size, int channels, long maxPixels, String attributes,
    boolean noAttributes, long targetShardBytes, int partitions, boolean overwrite, int readAhead,
    InputLayout layout, ListingMode listing, long listingThreshold) {

  public static final int DEFAULT_SIZE = 64;
  public static final int DEFAULT_CHANNELS = 3;
  public static final long DEFAULT_MAX_PIXELS = 25_000_000L;
  public static final long DEFAULT_TARGET_SHARD_MB = 128;
  /** Concurrent reads per task from object stores: enough to hide a round trip behind decoding (README). */
  public static final int DEFAULT_READ_AHEAD = 4;
  /**
   * Files past which {@link ListingMode#AUTO} lists in tasks: a flat listing holds about 150 bytes a file on the
   * driver (75 MB here) and takes seconds on a local disk or HDFS at this size.
   */
  public static final long DEFAULT_LISTING_THRESHOLD = 500_000;

  /** Shards {@code input} into {@code out}, with every other value at its default. */
  public static ShardOptions of(String input, String out) {
    return new ShardOptions(input, out, DEFAULT_SIZE, DEFAULT_CHANNELS, DEFAULT_MAX_PIXELS, null, false,
        DEFAULT_TARGET_SHARD_MB << 20, 0, false, DEFAULT_READ_AHEAD, InputLayout.FILES, ListingMode.AUTO,
        DEFAULT_LISTING_THRESHOLD);
  }

  public ShardOptions withSize(int value) {
    return new ShardOptions(input, out, value, channels, maxPixels, attributes, noAttributes, targetShardBytes,
        partitions, overwrite, readAhead, layout, listing, listingThreshold);
  }

  public ShardOptions withChannels(int value) {
    return new ShardOptions(input, out, size, value, maxPixels, attributes, noAttributes, targetShardBytes,
        partitions, overwrite, readAhead, layout, listing, listingThreshold);
  }

  public ShardOptions withMaxPixels(long value) {
    return new ShardOptions(input, out, size, channels, value, attributes, noAttributes, targetShardBytes,
        partitions, overwrite, readAhead, layout, listing, listingThreshold);
  }

  public ShardOptions withAttributes(String value) {
    return new ShardOptions(input, out, size, channels, maxPixels, value, noAttributes, targetShardBytes,
        partitions, overwrite, readAhead, layout, listing, listingThreshold);
  }

  public ShardOptions withNoAttributes(boolean value) {
    return new ShardOptions(input, out, size, channels, maxPixels, attributes, value, targetShardBytes,
        partitions, overwrite, readAhead, layout, listing, listingThreshold);
  }

  public ShardOptions withTargetShardBytes(long value) {
    return new ShardOptions(input, out, size, channels, maxPixels, attributes, noAttributes, value, partitions,
        overwrite, readAhead, layout, listing, listingThreshold);
  }

  public ShardOptions withPartitions(int value) {
    return new ShardOptions(input, out, size, channels, maxPixels, attributes, noAttributes, targetShardBytes,
        value, overwrite, readAhead, layout, listing, listingThreshold);
  }

  public ShardOptions withOverwrite(boolean value) {
    return new ShardOptions(input, out, size, channels, maxPixels, attributes, noAttributes, targetShardBytes,
        partitions, value, readAhead, layout, listing, listingThreshold);
  }

  public ShardOptions withReadAhead(int value) {
    return new ShardOptions(input, out, size, channels, maxPixels, attributes, noAttributes, targetShardBytes,
        partitions, overwrite, value, layout, listing, listingThreshold);
  }

  public ShardOptions withLayout(InputLayout value) {
    return new ShardOptions(input, out, size, channels, maxPixels, attributes, noAttributes, targetShardBytes,
        partitions, overwrite, readAhead, value, listing, listingThreshold);
  }

  public ShardOptions withListing(ListingMode value) {
    return new ShardOptions(input, out, size, channels, maxPixels, attributes, noAttributes, targetShardBytes,
        partitions, overwrite, readAhead, layout, value, listingThreshold);
  }

  public ShardOptions withListingThreshold(long value) {
    return new ShardOptions(input, out, size, channels, maxPixels, attributes, noAttributes, targetShardBytes,
        partitions, overwrite, readAhead, layout, listing, value);
  }
}
