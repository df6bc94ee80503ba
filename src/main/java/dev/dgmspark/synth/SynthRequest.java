package dev.dgmspark.synth;

import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * What {@link SynthGenerator} should write: where, how many faces, from which seed, at which size and shares.
 *
 * <p>Start from {@link #of} (the output folder and count, every other value at its default) and change values with
 * the {@code withX} methods: {@code SynthRequest.of(out, 1000).withSeed(5).withSize(32)}.
 *
 * @param output folder to write into; any Hadoop file system ({@code file:}, {@code hdfs:}, {@code s3a:})
 * @param conf Hadoop configuration used to resolve {@code output}'s file system
 * @param count number of faces, at least 1
 * @param seed dataset seed; with count, size and shares it fixes every byte written
 * @param size picture side in pixels, in [{@value FaceRenderer#MIN_SIZE}, {@value FaceRenderer#MAX_SIZE}]
 * @param shares probability of each attribute value
 * @param threads number of rendering threads, at least 1; does not change the output
 * @param overwrite whether to replace a finished dataset in the folder
 * @param pairs null, or the attribute each face is drawn twice with ({@link PairSpec}): count must then be even
 */
public record SynthRequest(Path output, Configuration conf, int count, long seed, int size, TargetShares shares,
    int threads, boolean overwrite, PairSpec pairs) {

  /** Seed used when none is given. */
  public static final long DEFAULT_SEED = 42L;

  /** Validates every field with a message naming it and its allowed range. */
  public SynthRequest {
    if (output == null) {
      throw new IllegalArgumentException("output folder is required");
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
    if (pairs != null && count % 2 != 0) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "count %d is odd; pairs need an even count", count));
    }
  }

  /**
   * {@code count} faces into {@code output}, with the defaults: a new Hadoop configuration, seed
   * {@value #DEFAULT_SEED}, size {@value FaceRenderer#DEFAULT_SIZE}, default shares, one thread per core, no overwrite, no pairs.
   */
  public static SynthRequest of(Path output, int count) {
    return new SynthRequest(output, new Configuration(), count, DEFAULT_SEED, FaceRenderer.DEFAULT_SIZE,
        TargetShares.defaults(), Runtime.getRuntime().availableProcessors(), false, null);
  }

  public SynthRequest withConf(Configuration value) {
    return new SynthRequest(output, value, count, seed, size, shares, threads, overwrite, pairs);
  }

  public SynthRequest withSeed(long value) {
    return new SynthRequest(output, conf, count, value, size, shares, threads, overwrite, pairs);
  }

  public SynthRequest withSize(int value) {
    return new SynthRequest(output, conf, count, seed, value, shares, threads, overwrite, pairs);
  }

  public SynthRequest withShares(TargetShares value) {
    return new SynthRequest(output, conf, count, seed, size, value, threads, overwrite, pairs);
  }

  public SynthRequest withThreads(int value) {
    return new SynthRequest(output, conf, count, seed, size, shares, value, overwrite, pairs);
  }

  public SynthRequest withOverwrite(boolean value) {
    return new SynthRequest(output, conf, count, seed, size, shares, threads, value, pairs);
  }

  public SynthRequest withPairs(PairSpec value) {
    return new SynthRequest(output, conf, count, seed, size, shares, threads, overwrite, value);
  }
}
