package dev.dgmspark.common;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Seeds} against the JDK's own SplitMix64 ({@link SplittableRandom}: {@code new SplittableRandom(x).nextLong()}
 * is the finaliser of {@code x + gamma}), and against values pinned before the three copies of the mixer became one.
 */
class SeedsTest {
  private static final long[] INPUTS = {0, 1, 42, -1, Long.MIN_VALUE, Long.MAX_VALUE, 0x0123456789ABCDEFL};

  private static long jdkFinaliser(long z) {
    return new SplittableRandom(z - Seeds.GOLDEN_GAMMA).nextLong();
  }

  @Test
  void mix64IsTheSplitMix64Finaliser() {
    for (long z : INPUTS) {
      assertEquals(jdkFinaliser(z), Seeds.mix64(z), "z = " + z);
    }
    assertEquals(0x9E3779B97F4A7C15L, Seeds.GOLDEN_GAMMA);
    // Published first output of SplitMix64 seeded with 0 (Vigna's splitmix64.c): finaliser of the gamma.
    assertEquals(0xE220A8397B1DCDAFL, Seeds.mix64(Seeds.GOLDEN_GAMMA));
  }

  @Test
  void splitMix64IsTheJdkSequence() {
    for (long state : INPUTS) {
      SplittableRandom jdk = new SplittableRandom(state);
      long[] expected = {jdk.nextLong(), jdk.nextLong(), jdk.nextLong(), jdk.nextLong(), jdk.nextLong()};
      assertArrayEquals(expected, Seeds.splitMix64(state, 5), "state " + state);
    }
  }

  @Test
  void streamAndDeriveAreTheDocumentedCompositions() {
    for (long seed : INPUTS) {
      for (long key : new long[] {0, 1, 2, -1, 1023}) {
        assertEquals(jdkFinaliser(jdkFinaliser(seed) + key * Seeds.GOLDEN_GAMMA), Seeds.stream(seed, key));
        assertEquals(jdkFinaliser(jdkFinaliser(jdkFinaliser(seed) ^ key) ^ 7), Seeds.derive(seed, key, 7));
      }
      assertEquals(jdkFinaliser(seed), Seeds.derive(seed));
    }
    assertNotEquals(Seeds.stream(1, 2), Seeds.stream(2, 1));
  }

  @Test
  void derivedSeedsKeepThePinnedValues() {
    // What FaceSampler (picture index 0 and 2999 of seed 42) and NoiseStream (seed 42, round -3, worker -3) used
    // before they shared this class.
    assertEquals(-7450291807549245335L, Seeds.stream(42, 1));
    assertEquals(1745332397257311344L, Seeds.stream(42, 3000));
    assertEquals(1156032484650561967L, Seeds.derive(42, -3, -3));
  }
}
