package dev.dgmspark.nn;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;

/** The native-memory guard: its threshold sits above the heap, and it never collects twice in a row. */
class NativeMemoryTest {
  @Test
  void thresholdAllowsTheHeapPlusJavaCppsOffHeapCap() {
    long threshold = NativeMemory.threshold();
    assertTrue(threshold > Runtime.getRuntime().totalMemory(), "threshold " + threshold);
    assertTrue(threshold >= Runtime.getRuntime().totalMemory() + Math.max(1, Pointer.maxBytes()),
        "threshold " + threshold + ", JavaCPP cap " + Pointer.maxBytes());
  }

  @Test
  void collectsAboveTheThresholdAtMostOnceInTwoSeconds() throws InterruptedException {
    assertFalse(NativeMemory.collectIfAbove(Long.MAX_VALUE), "below the threshold");
    Thread.sleep(2100);
    assertTrue(NativeMemory.collectIfAbove(0), "above the threshold, none requested for two seconds");
    assertFalse(NativeMemory.collectIfAbove(0), "right after one");
  }
}
