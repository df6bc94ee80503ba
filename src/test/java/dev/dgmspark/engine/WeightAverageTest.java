package dev.dgmspark.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The moving average of weights: its ramped decay and its folding rule, worked by hand. */
class WeightAverageTest {
  @Test
  void theDecayRampsUpToTheConfiguredValue() {
    assertEquals(0.1, WeightAverage.decayAt(0.999, 0), 1e-12);
    assertEquals(2.0 / 11, WeightAverage.decayAt(0.999, 1), 1e-12);
    assertEquals(91.0 / 100, WeightAverage.decayAt(0.999, 90), 1e-12);
    assertEquals(0.99, WeightAverage.decayAt(0.99, 100_000), 1e-12);
  }

  @Test
  void foldingMixesTheParametersInByOneMinusTheDecay() {
    INDArray average = Nd4j.createFromArray(0f, 10f);
    INDArray params = Nd4j.createFromArray(1f, 20f);
    // Update 1: decay 2/11, so the average moves 9/11 of the way to the parameters.
    WeightAverage.fold(average, params, 0.999, 1);
    assertArrayEquals(new float[] {9f / 11, 10f + 90f / 11}, average.toFloatVector(), 1e-5f);
    // Late in a run the configured decay holds: 1% of the way.
    WeightAverage.fold(average, Nd4j.createFromArray(100f, 100f), 0.99, 1_000_000);
    assertArrayEquals(new float[] {0.99f * 9f / 11 + 1f, 0.99f * (10f + 90f / 11) + 1f}, average.toFloatVector(),
        1e-4f);
    assertArrayEquals(new float[] {1f, 20f}, params.toFloatVector(), "the parameters are read, not changed");
  }

  @Test
  void aDecayOfZeroCopiesTheParameters() {
    INDArray average = Nd4j.createFromArray(5f, 5f);
    WeightAverage.fold(average, Nd4j.createFromArray(1f, 2f), 0, 1_000);
    assertArrayEquals(new float[] {1f, 2f}, average.toFloatVector());
  }
}
