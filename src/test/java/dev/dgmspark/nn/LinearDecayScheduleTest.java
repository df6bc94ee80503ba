package dev.dgmspark.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The linear learning-rate decay by epoch. */
class LinearDecayScheduleTest {
  @Test
  void fallsLinearlyByEpochAndStaysAtZeroAfterTheLast() {
    LinearDecaySchedule schedule = new LinearDecaySchedule(0.1, 5);
    double[] expected = {0.1, 0.08, 0.06, 0.04, 0.02, 0, 0};
    for (int epoch = 0; epoch < expected.length; epoch++) {
      assertEquals(expected[epoch], schedule.valueAt(7 * epoch + 3, epoch), 1e-12, "epochs done " + epoch);
    }
    assertEquals(schedule, schedule.clone());
    assertEquals(0.1, new LinearDecaySchedule(0.1, 1).valueAt(1000, 0), 1e-12, "one epoch: the full rate");
  }

  @Test
  void needsAtLeastOneEpoch() {
    assertThrows(IllegalArgumentException.class, () -> new LinearDecaySchedule(0.1, 0));
  }
}
