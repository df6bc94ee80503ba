package dev.dgmspark.gan;

import java.io.Serializable;

/**
 * A sum of workers' training states and step statistics, as the averaging round's tree aggregation combines them;
 * {@link #mean} divides. Sums are kept in double precision so that the average does not depend on the order in
 * which the tree adds the workers.
 */
public final class StateSum implements Serializable {
  private static final long serialVersionUID = 1L;
  private final double[] sum;
  private final StepTotals totals = new StepTotals();
  private int workers;
  private int generatorIterations;
  private int discriminatorIterations;
  private int epoch;

  private StateSum(int length) {
    this.sum = new double[length];
  }

  /** One worker's contribution: its final state and the sums of its step statistics. */
  public static StateSum of(GanState state, StepTotals stepTotals) {
    StateSum s = new StateSum(state.flat().length);
    float[] flat = state.flat();
    for (int i = 0; i < flat.length; i++) {
      s.sum[i] = flat[i];
    }
    s.workers = 1;
    s.generatorIterations = state.generatorIterations();
    s.discriminatorIterations = state.discriminatorIterations();
    s.epoch = state.epoch();
    s.totals.add(stepTotals);
    return s;
  }

  /** Adds {@code other} into this sum and returns this (the tree aggregation's combine function). */
  public StateSum merge(StateSum other) {
    if (other.sum.length != sum.length) {
      throw new IllegalArgumentException("cannot add states of lengths " + sum.length + " and " + other.sum.length);
    }
    for (int i = 0; i < sum.length; i++) {
      sum[i] += other.sum[i];
    }
    workers += other.workers;
    // Every worker starts from the same counters; the last round of an epoch may give some fewer steps.
    generatorIterations = Math.max(generatorIterations, other.generatorIterations);
    discriminatorIterations = Math.max(discriminatorIterations, other.discriminatorIterations);
    epoch = Math.max(epoch, other.epoch);
    totals.add(other.totals);
    return this;
  }

  /** The average state: the sum divided by the number of workers. */
  public GanState mean() {
    float[] mean = new float[sum.length];
    for (int i = 0; i < sum.length; i++) {
      mean[i] = (float) (sum[i] / workers);
    }
    return new GanState(mean, generatorIterations, discriminatorIterations, epoch);
  }

  public int workers() {
    return workers;
  }

  /** The step statistics summed over the workers. */
  public StepTotals totals() {
    StepTotals copy = new StepTotals();
    copy.add(totals);
    return copy;
  }
}
