package dev.dgmspark.diffusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dgmspark.engine.NoiseStream;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The noise schedules and the closed form of q(x_t | x_0). */
class NoiseScheduleTest {
  @Test
  void alphaBarFallsFromNearlyOneToNearlyZero() {
    for (ScheduleKind kind : ScheduleKind.values()) {
      NoiseSchedule schedule = NoiseSchedule.of(kind, 1000);
      assertEquals(1.0, schedule.alphaBar(-1));
      assertTrue(schedule.alphaBar(0) > 0.999, kind + ": first step keeps the image");
      assertTrue(schedule.alphaBar(999) < 1e-3, kind + ": last step leaves noise, " + schedule.alphaBar(999));
      for (int t = 0; t < 1000; t++) {
        assertTrue(schedule.alphaBar(t) < schedule.alphaBar(t - 1), kind + " at " + t);
        assertTrue(schedule.beta(t) > 0 && schedule.beta(t) <= NoiseSchedule.MAX_BETA, kind + " at " + t);
      }
    }
  }

  @Test
  void everyScheduleEndsInNoiseWhateverTheTimesteps() {
    for (ScheduleKind kind : ScheduleKind.values()) {
      for (int timesteps : new int[] {50, 100, 250, 1000, 4000}) {
        NoiseSchedule schedule = NoiseSchedule.of(kind, timesteps);
        assertTrue(schedule.alphaBar(timesteps - 1) < 1e-3, kind + " over " + timesteps + ": "
            + schedule.alphaBar(timesteps - 1));
        assertTrue(schedule.alphaBar(0) > 0.98, kind + " over " + timesteps + ": " + schedule.alphaBar(0));
      }
    }
  }

  @Test
  void linearBetasRunFromTheirStartToTheirEnd() {
    NoiseSchedule schedule = NoiseSchedule.of(ScheduleKind.LINEAR, 1000);
    assertEquals(1e-4, schedule.beta(0), 1e-12);
    assertEquals(0.02, schedule.beta(999), 1e-12);
    assertEquals((1e-4 + 0.02) / 2, (schedule.beta(499) + schedule.beta(500)) / 2, 1e-9);
    // ᾱ_1 = (1 − β_0)(1 − β_1).
    assertEquals((1 - schedule.beta(0)) * (1 - schedule.beta(1)), schedule.alphaBar(1), 1e-12);
  }

  @Test
  void cosineAlphaBarFollowsItsFormula() {
    NoiseSchedule schedule = NoiseSchedule.of(ScheduleKind.COSINE, 1000);
    double s = 0.008;
    for (int t : new int[] {0, 250, 500, 750}) {
      double f = Math.pow(Math.cos(((t + 1) / 1000.0 + s) / (1 + s) * Math.PI / 2), 2);
      double f0 = Math.pow(Math.cos(s / (1 + s) * Math.PI / 2), 2);
      assertEquals(f / f0, schedule.alphaBar(t), 1e-9, "t = " + t);
    }
  }

  @Test
  void noisedImagesHaveTheClosedFormsMeanAndVariance() {
    NoiseSchedule schedule = NoiseSchedule.of(ScheduleKind.LINEAR, 1000);
    int n = 20_000;
    int[] t = new int[n];
    java.util.Arrays.fill(t, 300);
    INDArray x0 = Nd4j.zeros(DataType.FLOAT, n, 2).addi(0.7);
    INDArray noise = new NoiseStream(11).gaussian(n, 2);
    INDArray xt = schedule.noisy(x0, noise, t);
    double mean = xt.meanNumber().doubleValue();
    double variance = xt.sub(mean).muli(xt.sub(mean)).meanNumber().doubleValue();
    double alphaBar = schedule.alphaBar(300);
    assertEquals(Math.sqrt(alphaBar) * 0.7, mean, 0.015);
    assertEquals(1 - alphaBar, variance, 0.02 * (1 - alphaBar) + 0.005);
  }

  @Test
  void eachImageIsNoisedToItsOwnTimestep() {
    NoiseSchedule schedule = NoiseSchedule.of(ScheduleKind.COSINE, 100);
    INDArray x0 = Nd4j.create(new float[] {1, 1, -1, -1}, new long[] {2, 1, 1, 2});
    INDArray noise = Nd4j.create(new float[] {0.5f, -0.5f, 2, 0}, new long[] {2, 1, 1, 2});
    INDArray xt = schedule.noisy(x0, noise, new int[] {10, 90});
    double a = schedule.alphaBar(10);
    double b = schedule.alphaBar(90);
    assertEquals(Math.sqrt(a) + Math.sqrt(1 - a) * 0.5, xt.getDouble(0, 0, 0, 0), 1e-6);
    assertEquals(-Math.sqrt(b) + Math.sqrt(1 - b) * 2, xt.getDouble(1, 0, 0, 0), 1e-6);
    assertEquals(-Math.sqrt(b), xt.getDouble(1, 0, 0, 1), 1e-6);
  }

  @Test
  void refusesTooFewTimestepsAndUnknownNames() {
    assertThrows(IllegalArgumentException.class, () -> NoiseSchedule.of(ScheduleKind.LINEAR, 1));
    assertEquals(ScheduleKind.COSINE, ScheduleKind.of("cosine"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ScheduleKind.of("quadratic"));
    assertTrue(e.getMessage().contains("cosine, linear") || e.getMessage().contains("linear, cosine"));
  }
}
