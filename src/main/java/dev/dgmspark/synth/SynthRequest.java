package dev.dgmspark.synth;

import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * What {@link SynthGenerator} should write: where, how many faces, from which seed, at which size and shares.
 *
 * <p>Build one with {@link #builder()}: {@code setX} for the required output folder and count, {@code optX} for
 * the rest, whose defaults live in this class.
 *
 * @param output folder to write into; any Hadoop file system ({@code file:}, {@code hdfs:}, {@code s3a:})
 * @param conf Hadoop configuration used to resolve {@code output}'s file system
 * @param count number of faces, at least 1
 * @param seed dataset seed; with count, size and shares it fixes every byte written
 * @param size picture side in pixels, in [{@value FaceRenderer#MIN_SIZE}, {@value FaceRenderer#MAX_SIZE}]
 * @param shares probability of each attribute value
 * @param threads number of rendering threads, at least 1; does not change the output
 * @param overwrite whether to replace a previous dataset in a non-empty folder
 */
public record SynthRequest(Path output, Configuration conf, int count, long seed, int size, TargetShares shares,
    int threads, boolean overwrite) {

  /** Seed used when none is given. */
  public static final long DEFAULT_SEED = 42L;

  /** Validates every field with a message naming it and its allowed range. */
  public SynthRequest {
    if (output == null) {
      throw new IllegalArgumentException("output folder is required; set it with setOutput(path)");
    }
    if (conf == null) {
      throw new IllegalArgumentException("Hadoop configuration is null; pass one or leave the default");
    }
    if (count < 1) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "count %d is out of range; allowed: >= 1", count));
    }
    if (size < FaceRenderer.MIN_SIZE || size > FaceRenderer.MAX_SIZE) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "size %d is out of range; allowed: [%d, %d]",
          size, FaceRenderer.MIN_SIZE, FaceRenderer.MAX_SIZE));
    }
    if (shares == null) {
      throw new IllegalArgumentException("shares are null; use TargetShares.defaults()");
    }
    if (threads < 1) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "threads %d is out of range; allowed: >= 1",
          threads));
    }
  }

  /** Returns a builder with the defaults: seed {@value #DEFAULT_SEED}, size 64, default shares, one thread per core. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link SynthRequest}; required: {@link #setOutput} and {@link #setCount}. */
  public static final class Builder {
    private Path output;
    private Configuration conf;
    private int count = -1;
    private long seed = DEFAULT_SEED;
    private int size = FaceRenderer.DEFAULT_SIZE;
    private TargetShares shares = TargetShares.defaults();
    private int threads = Runtime.getRuntime().availableProcessors();
    private boolean overwrite;

    private Builder() {}

    /** Sets the output folder (required). */
    public Builder setOutput(Path output) {
      this.output = output;
      return this;
    }

    /** Sets the number of faces (required). */
    public Builder setCount(int count) {
      this.count = count;
      return this;
    }

    /** Sets the Hadoop configuration; default: {@code new Configuration()}. */
    public Builder optConf(Configuration conf) {
      this.conf = conf;
      return this;
    }

    /** Sets the dataset seed; default {@value SynthRequest#DEFAULT_SEED}. */
    public Builder optSeed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Sets the picture side in pixels; default {@value FaceRenderer#DEFAULT_SIZE}. */
    public Builder optSize(int size) {
      this.size = size;
      return this;
    }

    /** Sets the attribute shares; default {@link TargetShares#defaults()}. */
    public Builder optShares(TargetShares shares) {
      this.shares = shares;
      return this;
    }

    /** Sets the number of rendering threads; default: available processors. */
    public Builder optThreads(int threads) {
      this.threads = threads;
      return this;
    }

    /** Allows replacing a previous dataset's files in a non-empty output folder; default false. */
    public Builder optOverwrite(boolean overwrite) {
      this.overwrite = overwrite;
      return this;
    }

    /**
     * Returns the request.
     *
     * @throws IllegalArgumentException naming a missing or out-of-range field
     */
    public SynthRequest build() {
      if (count == -1) {
        throw new IllegalArgumentException("count is required; set it with setCount(n)");
      }
      return new SynthRequest(output, conf == null ? new Configuration() : conf, count, seed, size, shares, threads,
          overwrite);
    }
  }
}
