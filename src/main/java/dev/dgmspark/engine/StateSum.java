package dev.dgmspark.engine;

import dev.dgmspark.io.BulkArrays;
import java.io.Externalizable;
import java.io.IOException;
import java.io.ObjectInput;
import java.io.ObjectOutput;

/**
 * A sum of workers' training states and step figures, as the averaging round's tree aggregation combines them;
 * {@link #mean} divides. Sums are kept in double precision so that the average does not depend on the order in
 * which the tree adds the workers; one worker's contribution travels as its floats.
 *
 * <p>It writes its arrays in blocks of bytes ({@link Externalizable}, {@link BulkArrays}), and the project's Kryo
 * set-up calls {@link #writeExternal} directly on Kryo's stream: Kryo's field serializer wrote the 3.7 million
 * values of a 32x32 VAE's state one by one, and Java serialisation copied them twice more, per worker and round.
 */
public final class StateSum implements Externalizable {
  private static final long serialVersionUID = 4L;
  /** One worker's state, until another is added; then null. */
  private float[] single;
  /** The sum of two or more workers' states; null while there is one. */
  private double[] sum;
  private int[] iterations;
  private StepMetrics metrics;
  private int workers;
  private int epoch;

  /** For deserialisation only. */
  public StateSum() {}

  private StateSum(float[] single, int[] iterations, StepMetrics metrics, int epoch) {
    this.single = single;
    this.iterations = iterations;
    this.metrics = metrics;
    this.workers = 1;
    this.epoch = epoch;
  }

  /** One worker's contribution: its final state and its step figures. */
  public static StateSum of(TrainingState state, StepMetrics metrics) {
    return new StateSum(state.flat(), state.iterations().clone(), metrics.copy(), state.epoch());
  }

  /** Adds {@code other} into this sum and returns this (the tree aggregation's combine function). */
  public StateSum merge(StateSum other) {
    if (other.length() != length() || other.iterations.length != iterations.length) {
      throw new IllegalArgumentException("cannot add states of lengths " + length() + " and " + other.length());
    }
    if (sum == null) {
      sum = new double[single.length];
      for (int i = 0; i < sum.length; i++) {
        sum[i] = single[i];
      }
      single = null;
    }
    if (other.sum != null) {
      for (int i = 0; i < sum.length; i++) {
        sum[i] += other.sum[i];
      }
    } else {
      for (int i = 0; i < sum.length; i++) {
        sum[i] += other.single[i];
      }
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
    float[] mean = new float[length()];
    if (sum == null) {
      System.arraycopy(single, 0, mean, 0, mean.length);
    } else {
      for (int i = 0; i < mean.length; i++) {
        mean[i] = (float) (sum[i] / workers);
      }
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

  private int length() {
    return sum != null ? sum.length : single.length;
  }

  @Override
  public void writeExternal(ObjectOutput out) throws IOException {
    out.writeObject(iterations);
    out.writeObject(metrics);
    out.writeInt(workers);
    out.writeInt(epoch);
    out.writeBoolean(sum != null);
    if (sum != null) {
      BulkArrays.writeDoubles(out, sum);
    } else {
      BulkArrays.writeFloats(out, single);
    }
  }

  @Override
  public void readExternal(ObjectInput in) throws IOException, ClassNotFoundException {
    iterations = (int[]) in.readObject();
    metrics = (StepMetrics) in.readObject();
    workers = in.readInt();
    epoch = in.readInt();
    if (in.readBoolean()) {
      sum = BulkArrays.readDoubles(in);
    } else {
      single = BulkArrays.readFloats(in);
    }
  }
}
