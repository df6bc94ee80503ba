package dev.dgmspark.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The per-(seed, round, worker) noise seeds are pinned: a resumed run must draw the noise of an uninterrupted one. */
class NoiseStreamTest {
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  @Test
  void streamSeedsArePinnedAndAreAChainOfSplitMix64Finalisers() {
    // Pinned: what seedFor returned before the seed mixing moved into one class.
    long[][] pinned = {
        {42, 0, 0, -3660593363219648162L},
        {42, -1, -1, 4221861332327849105L},
        {42, -3, -3, 1156032484650561967L},
        {7, 12, 1, 697078772446891991L},
        {0, 0, 0, 0L},
    };
    for (long[] row : pinned) {
      long seedFor = NoiseStream.seedFor(row[0], row[1], (int) row[2]);
      assertEquals(row[3], seedFor, "seed " + row[0] + ", round " + row[1] + ", worker " + row[2]);
      // Independently: finalise(finalise(finalise(seed) ^ round) ^ worker), the finaliser through the JDK.
      assertEquals(finalise(finalise(finalise(row[0]) ^ row[1]) ^ row[2]), seedFor);
    }
  }

  /** new SplittableRandom(z - gamma).nextLong() is the SplitMix64 finaliser of z. */
  private static long finalise(long z) {
    return new SplittableRandom(z - GOLDEN_GAMMA).nextLong();
  }
}
