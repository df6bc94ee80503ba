package dev.dgmspark.debias;

/**
 * The default settings of the debias math, in one place.
 *
 * <p>The job's options fall back to these values and write the ones used into {@code summary.json}.
 */
public final class DebiasDefaults {
  /** Histogram bins per latent dimension, as in the MIT lab and the design sketch. */
  public static final int BINS = 10;

  /** Smoothing added to every density, the value the paper reports its best results with. */
  public static final double ALPHA = 0.001;

  /**
   * How per-dimension terms combine: the MIT lab's max. The paper's product concentrates the weight on a handful of
   * images once there are more than a few latent dimensions (measured on the demo data, 3,000 images: effective
   * sample size 1.0-1.2 with 16 dimensions and alpha 0.001, against 730-950 for max), which makes a poor manifest.
   */
  public static final Combine COMBINE = Combine.MAX;

  /** {@link #COMBINE} as the command line spells it. */
  public static final String COMBINE_NAME = "max";

  /**
   * Buckets the resampler splits rows into. Fixed and independent of the cluster, so that the same seed gives the same
   * sample on any number of executors.
   */
  public static final int BUCKETS = 1024;

  private DebiasDefaults() {}
}
