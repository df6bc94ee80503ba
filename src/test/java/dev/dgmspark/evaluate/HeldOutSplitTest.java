package dev.dgmspark.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The held-out split by id hash. */
class HeldOutSplitTest {
  @Test
  void holdsOutAboutTheShareInTwoHalvesAndDependsOnlyOnIdAndSalt() {
    HeldOutSplit split = new HeldOutSplit(0.25, 42);
    int n = 20_000;
    int heldOut = 0;
    int firstHalf = 0;
    int differsWithOtherSalt = 0;
    HeldOutSplit other = new HeldOutSplit(0.25, 43);
    for (int i = 0; i < n; i++) {
      String id = "img-" + i;
      if (split.heldOut(id)) {
        heldOut++;
        firstHalf += split.half(id) == 0 ? 1 : 0;
      }
      assertEquals(split.heldOut(id), new HeldOutSplit(0.25, 42).heldOut(id));
      differsWithOtherSalt += split.heldOut(id) != other.heldOut(id) ? 1 : 0;
    }
    // Binomial(20000, 0.25): standard deviation 61; the halves: Binomial(5000, 0.5), 35.
    assertEquals(0.25 * n, heldOut, 300);
    assertEquals(heldOut / 2.0, firstHalf, 200);
    // Independent salts: P(differ) = 2 · 0.25 · 0.75 = 0.375.
    assertEquals(0.375 * n, differsWithOtherSalt, 400);
    assertNotEquals(split.key("a"), split.key("b"));
  }

  @Test
  void sharesOutsideTheOpenUnitIntervalAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new HeldOutSplit(0, 1));
    assertThrows(IllegalArgumentException.class, () -> new HeldOutSplit(1, 1));
  }
}
