package dev.dgmspark.engine;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * Running sums of the figures training steps report (losses, discriminator outputs...), each with its own count,
 * plus the examples trained on. A family names its figures once; workers fill a copy each and the averaging round
 * adds them up.
 */
public final class StepMetrics implements Serializable {
  private static final long serialVersionUID = 1L;
  private final String[] names;
  private final double[] sums;
  private final long[] counts;
  private long examples;

  /** Empty sums of the figures {@code names}. */
  public StepMetrics(List<String> names) {
    this.names = names.toArray(new String[0]);
    this.sums = new double[names.size()];
    this.counts = new long[names.size()];
  }

  /** Adds one observation of figure {@code name}. */
  public void add(String name, double value) {
    int i = index(name);
    sums[i] += value;
    counts[i]++;
  }

  /** Counts {@code n} more examples trained on. */
  public void addExamples(long n) {
    examples += n;
  }

  /** Adds another worker's sums (the same figures) into these. */
  public void add(StepMetrics other) {
    if (!Arrays.equals(names, other.names)) {
      throw new IllegalArgumentException("cannot add metrics " + Arrays.toString(other.names) + " to "
          + Arrays.toString(names));
    }
    for (int i = 0; i < sums.length; i++) {
      sums[i] += other.sums[i];
      counts[i] += other.counts[i];
    }
    examples += other.examples;
  }

  /** The mean of figure {@code name} over its observations (NaN without any). */
  public double mean(String name) {
    int i = index(name);
    return counts[i] == 0 ? Double.NaN : sums[i] / counts[i];
  }

  /** Examples trained on. */
  public long examples() {
    return examples;
  }

  /** The figures' names. */
  public List<String> names() {
    return List.of(names);
  }

  /** A copy. */
  public StepMetrics copy() {
    StepMetrics copy = new StepMetrics(List.of(names));
    copy.add(this);
    return copy;
  }

  private int index(String name) {
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException("no figure " + name + " among " + Arrays.toString(names));
  }
}
