package dev.dgmspark.engine.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The time left that the training log reports after each epoch. */
class TrainingLoopEtaTest {

  @Test
  void remainingEpochsAtTheMeanEpochTimeWithoutABudget() {
    // 4 epochs in 100 s, 6 left: 150 s.
    assertEquals(150, TrainingLoop.etaSeconds(6, 4, 100, 0), 1e-9);
  }

  @Test
  void aTimeBudgetThatEndsSoonerCapsIt() {
    // 12 epochs in 360 s of a 20-minute budget, 988 epochs left: the budget's 840 s, not 8 hours.
    assertEquals(840, TrainingLoop.etaSeconds(988, 12, 360, 20), 1e-9);
    // The epochs end first: 2 left at 30 s each inside a budget with 840 s to go.
    assertEquals(60, TrainingLoop.etaSeconds(2, 12, 360, 20), 1e-9);
    // A budget already spent leaves nothing.
    assertEquals(0, TrainingLoop.etaSeconds(5, 10, 1300, 20), 1e-9);
  }
}
