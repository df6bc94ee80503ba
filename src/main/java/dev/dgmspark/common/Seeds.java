package dev.dgmspark.common;

/**
 * The project's one seed mixer: how a seeded component turns (seed, stream numbers) into the seed of its own random
 * stream, so that every stream is the same on every JVM and unrelated to its neighbours.
 *
 * <p>Everything is built on the SplitMix64 finaliser (Steele, Lea and Flood 2014, the mixer of the JDK's
 * {@code SplittableRandom}): a bijection on 64-bit values in which every input bit changes about half the output
 * bits, so seeds 1 and 2, or stream 7 and 8, give unrelated results. The derivations are part of the promise that the
 * same seed gives the same sample, pictures and noise in every release; tests pin their values.
 */
public final class Seeds {
  /** 2^64 divided by the golden ratio, odd: SplitMix64's increment, and the spacing of derived streams. */
  public static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private Seeds() {}

  /** The SplitMix64 finaliser (Stafford's "variant 13"): spreads every input bit over the output. */
  public static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /**
   * The seed of stream {@code stream} of {@code seed}: {@code mix64(mix64(seed) + stream * GOLDEN_GAMMA)}. Two mixing
   * rounds, so that neighbouring seeds and neighbouring streams give unrelated seeds. Used for the resampler's
   * buckets and the synthetic pictures (stream = picture index + 1).
   */
  public static long stream(long seed, long stream) {
    return mix64(mix64(seed) + stream * GOLDEN_GAMMA);
  }

  /**
   * The seed reached by mixing {@code keys} into {@code seed} one after the other:
   * {@code h = mix64(seed)}, then {@code h = mix64(h ^ key)} for each key. Used for the GAN's noise per (round,
   * worker).
   */
  public static long derive(long seed, long... keys) {
    long h = mix64(seed);
    for (long key : keys) {
      h = mix64(h ^ key);
    }
    return h;
  }

  /**
   * The first {@code count} outputs of SplitMix64 started at {@code state}: {@code mix64(state + k * GOLDEN_GAMMA)}
   * for k = 1..count, the seeding its authors recommend for a larger generator's state.
   */
  public static long[] splitMix64(long state, int count) {
    long[] out = new long[count];
    long x = state;
    for (int i = 0; i < count; i++) {
      x += GOLDEN_GAMMA;
      out[i] = mix64(x);
    }
    return out;
  }
}
