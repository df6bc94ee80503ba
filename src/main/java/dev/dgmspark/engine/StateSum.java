package dev.dgmspark.engine;

import java.io.Serializable;

/**
 * A sum of workers' training states and step figures, as the averaging round's tree aggregation combines them;
 * {@link #mean} divides. Sums are kept in double precision so that the average does not depend on the order in
 * which the tree adds the workers.
 */
public final class StateSum implements Serializable {
  private static final long serialVersionUID = 2L;
  private final double[] sum;
  private final int[] iterations;
  private final StepMetrics metrics;
  private int workers;
  private int epoch;

  private StateSum(int length, int networks, StepMetrics metrics) {
    this.sum = new double[length];
    this.iterations = new int[networks];
    this.metrics = metrics;
  }

  /** One worker's contribution: its final state and its step figures. */
  public static StateSum of(TrainingState state, StepMetrics metrics) {
    StateSum s = new StateSum(state.flat().length, state.iterations().length, metrics.copy());
    float[] flat = state.flat();
    for (int i = 0; i < flat.length; i++) {
      s.sum[i] = flat[i];
    }
    System.arraycopy(state.iterations(), 0, s.iterations, 0, s.iterations.length);
    s.workers = 1;
    s.epoch = state.epoch();
    return s;
  }

  /** Adds {@code other} into this sum and returns this (the tree aggregation's combine function). */
  public StateSum merge(StateSum other) {
    if (other.sum.length != sum.length || other.iterations.length != iterations.length) {
      throw new IllegalArgumentException("cannot add states of lengths " + sum.length + " and " + other.sum.length);
    }
    for (int i = 0; i < sum.length; i++) {
      sum[i] += other.sum[i];
    }
    // Every worker starts from the same counters; the last round of an epoch may give some fewer steps.
    for (int i = 0; i < iterations.length; i++) {
      iterations[i] = Math.max(iterations[i], other.iterations[i]);
    }
    workers += other.workers;
    epoch = Math.max(epoch, other.epoch);
    metrics.add(other.metrics);
    return this;
  }

  /** The average state: the sum divided by the number of workers. */
  public TrainingState mean() {
    float[] mean = new float[sum.length];
    for (int i = 0; i < sum.length; i++) {
      mean[i] = (float) (sum[i] / workers);
    }
    return new TrainingState(mean, iterations.clone(), epoch);
  }

  public int workers() {
    return workers;
  }

  /** The step figures summed over the workers. */
  public StepMetrics metrics() {
    return metrics.copy();
  }
}
