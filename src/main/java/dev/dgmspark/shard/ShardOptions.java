package dev.dgmspark.shard;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the shard job is asked to do.
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
 */
public record ShardOptions(String input, String out, int size, int channels, long maxPixels, String attributes,
    boolean noAttributes, long targetShardBytes, int partitions, boolean overwrite, int readAhead,
    InputLayout layout) {

  public static final int DEFAULT_SIZE = 64;
  public static final int DEFAULT_CHANNELS = 3;
  public static final long DEFAULT_MAX_PIXELS = 25_000_000L;
  public static final long DEFAULT_TARGET_SHARD_MB = 128;
  /** Concurrent reads per task from object stores: enough to hide a round trip behind decoding (README). */
  public static final int DEFAULT_READ_AHEAD = 4;

  /** Defaults for everything but the two folders. */
  public static ShardOptions of(String input, String out) {
    return new ShardOptions(input, out, DEFAULT_SIZE, DEFAULT_CHANNELS, DEFAULT_MAX_PIXELS, null, false,
        DEFAULT_TARGET_SHARD_MB << 20, 0, false, DEFAULT_READ_AHEAD, InputLayout.FILES);
  }

  public ShardOptions withOverwrite(boolean value) {
    return toBuilder().overwrite(value).build();
  }

  public ShardOptions withTargetShardBytes(long value) {
    return toBuilder().targetShardBytes(value).build();
  }

  public ShardOptions withPartitions(int value) {
    return toBuilder().partitions(value).build();
  }

  public ShardOptions withReadAhead(int value) {
    return toBuilder().readAhead(value).build();
  }

  public ShardOptions withSize(int value) {
    return toBuilder().size(value).build();
  }

  public ShardOptions withChannels(int value) {
    return toBuilder().channels(value).build();
  }

  public ShardOptions withMaxPixels(long value) {
    return toBuilder().maxPixels(value).build();
  }

  public ShardOptions withAttributes(String value) {
    return toBuilder().attributes(value).build();
  }

  public ShardOptions withLayout(InputLayout value) {
    return toBuilder().layout(value).build();
  }

  /** A copy to change some of the options: {@code options.toBuilder().size(32).build()}. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Mutable copy of the options; {@link #build} makes the record. */
  public static final class Builder {
    private String input;
    private String out;
    private int size;
    private int channels;
    private long maxPixels;
    private String attributes;
    private boolean noAttributes;
    private long targetShardBytes;
    private int partitions;
    private boolean overwrite;
    private int readAhead;
    private InputLayout layout;

    private Builder(ShardOptions o) {
      input = o.input;
      out = o.out;
      size = o.size;
      channels = o.channels;
      maxPixels = o.maxPixels;
      attributes = o.attributes;
      noAttributes = o.noAttributes;
      targetShardBytes = o.targetShardBytes;
      partitions = o.partitions;
      overwrite = o.overwrite;
      readAhead = o.readAhead;
      layout = o.layout;
    }

    public Builder input(String value) {
      input = value;
      return this;
    }

    public Builder out(String value) {
      out = value;
      return this;
    }

    public Builder size(int value) {
      size = value;
      return this;
    }

    public Builder channels(int value) {
      channels = value;
      return this;
    }

    public Builder maxPixels(long value) {
      maxPixels = value;
      return this;
    }

    public Builder attributes(String value) {
      attributes = value;
      return this;
    }

    public Builder noAttributes(boolean value) {
      noAttributes = value;
      return this;
    }

    public Builder targetShardBytes(long value) {
      targetShardBytes = value;
      return this;
    }

    public Builder partitions(int value) {
      partitions = value;
      return this;
    }

    public Builder overwrite(boolean value) {
      overwrite = value;
      return this;
    }

    public Builder readAhead(int value) {
      readAhead = value;
      return this;
    }

    public Builder layout(InputLayout value) {
      layout = value;
      return this;
    }

    public ShardOptions build() {
      return new ShardOptions(input, out, size, channels, maxPixels, attributes, noAttributes, targetShardBytes, partitions,
          overwrite, readAhead, layout);
    }
  }

  /** The options as recorded in provenance. */
  public Map<String, Object> asMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("input", input);
    map.put("out", out);
    map.put("size", size);
    map.put("channels", channels);
    map.put("max_pixels", maxPixels);
    map.put("attributes", attributes);
    map.put("no_attributes", noAttributes);
    map.put("target_shard_bytes", targetShardBytes);
    map.put("partitions", partitions);
    map.put("overwrite", overwrite);
    map.put("read_ahead", readAhead);
    map.put("layout", layout.toString().toLowerCase(java.util.Locale.ROOT));
    return map;
  }
}
