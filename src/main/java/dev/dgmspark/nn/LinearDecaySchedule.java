package dev.dgmspark.nn;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * A learning rate that falls linearly by epoch: {@code initialValue × (1 − e/epochs)} with e the epochs done, zero
 * from epoch {@code epochs} on. DL4J's {@code PolySchedule} is no help here: in 1.0.0-M2.1 it computes
 * {@code initialValue × (1 + i/maxIter)^power}, which grows with i for every positive power.
 */
public final class LinearDecaySchedule implements ISchedule {
  private static final long serialVersionUID = 1L;
  private final double initialValue;
  private final int epochs;

  /** A rate from {@code initialValue} in the first epoch falling linearly to zero after {@code epochs} epochs. */
  public LinearDecaySchedule(@JsonProperty("initialValue") double initialValue, @JsonProperty("epochs") int epochs) {
    if (epochs < 1) {
      throw new IllegalArgumentException("a linear decay needs at least one epoch: " + epochs);
    }
    this.initialValue = initialValue;
    this.epochs = epochs;
  }

  @Override
  public double valueAt(int iteration, int epoch) {
    return epoch >= epochs ? 0 : initialValue * (1 - (double) epoch / epochs);
  }

  @Override
  public ISchedule clone() {
    return new LinearDecaySchedule(initialValue, epochs);
  }

  /** The rate in the first epoch. */
  public double getInitialValue() {
    return initialValue;
  }

  /** The epochs over which the rate falls to zero. */
  public int getEpochs() {
    return epochs;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof LinearDecaySchedule s && s.initialValue == initialValue && s.epochs == epochs;
  }

  @Override
  public int hashCode() {
    return Double.hashCode(initialValue) * 31 + epochs;
  }

  @Override
  public String toString() {
    return "LinearDecaySchedule(" + initialValue + " over " + epochs + " epochs)";
  }
}
