package dev.dgmspark.debias;

import dev.dgmspark.common.Seeds;

/**
 * A small seeded random generator (xoshiro256**, Blackman and Vigna 2018) with independent streams per (seed, stream).
 *
 * <p>Implemented here rather than taken from the JDK or a library so that the sample a seed produces is fixed by this
 * code alone, on every JVM and version. The 256-bit state is filled from SplitMix64 started at a mix of the seed and the
 * stream number, the seeding its authors recommend; the period 2^256 − 1 makes overlap between streams negligible.
 */
final class SeededRandom {
  private long s0;
  private long s1;
  private long s2;
  private long s3;

  private SeededRandom(long splitMixState) {
    long[] state = Seeds.splitMix64(splitMixState, 4);
    s0 = state[0];
    s1 = state[1];
    s2 = state[2];
    s3 = state[3];
    if ((s0 | s1 | s2 | s3) == 0) {
      s0 = Seeds.GOLDEN_GAMMA; // the all-zero state is the one state xoshiro cannot leave
    }
  }

  /** The generator for stream {@code stream} of {@code seed}; different pairs give unrelated sequences. */
  static SeededRandom forStream(long seed, long stream) {
    return new SeededRandom(Seeds.stream(seed, stream));
  }

  /** The next 64 random bits. */
  long nextLong() {
    long result = Long.rotateLeft(s1 * 5, 7) * 9;
    long t = s1 << 17;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = Long.rotateLeft(s3, 45);
    return result;
  }

  /** A uniform integer in [0, bound), exactly uniform (rejection of the biased top range), for bound > 0. */
  long nextLong(long bound) {
    long bits = nextLong() >>> 1;
    long mask = bound - 1;
    if ((bound & mask) == 0) {
      return bits & mask;
    }
    long value = bits % bound;
    while (bits - value + mask < 0) {
      bits = nextLong() >>> 1;
      value = bits % bound;
    }
    return value;
  }

  /** A uniform double in [0, 1) on the grid of multiples of 2^−53. */
  double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** A uniform double in the open interval (0, 1), safe to take the log of. */
  double nextOpenDouble() {
    return ((nextLong() >>> 11) + 0.5) * 0x1.0p-53;
  }
}
