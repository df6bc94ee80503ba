package dev.dgmspark.engine;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An exponential moving average of a network's parameters, the weights a generator samples with (diffusion, GANs):
 * the folding rule and the view through which the engine averages it across workers like a network's parameters
 * (the average of the workers' moving averages is the moving average of their averaged parameters: both are
 * linear).
 */
public final class WeightAverage {
  /**
   * Updates over which the decay ramps up: at update k it is min(decay, (1 + k) / (10 + k)), so the average forgets
   * the random initial weights within the first hundred updates instead of carrying them for thousands (a run of a
   * few thousand updates would otherwise sample from mostly untrained weights).
   */
  public static final int WARMUP = 10;

  private WeightAverage() {}

  /** The decay used after update number {@code update} for a configured {@code decay}. */
  public static double decayAt(double decay, int update) {
    return Math.min(decay, (1.0 + update) / (WARMUP + update));
  }

  /**
   * Folds {@code params} into {@code average} after update number {@code update}; with {@code decay} 0 the average
   * becomes a copy of the parameters.
   */
  public static void fold(INDArray average, INDArray params, double decay, int update) {
    if (decay == 0) {
      average.assign(params);
      return;
    }
    double d = decayAt(decay, update);
    average.muli(d).addi(params.mul(1 - d));
  }

  /**
   * The engine's view of {@code average}: parameters without an updater state, whose counters are those of
   * {@code network} (the network's own view sets them).
   */
  public static NetworkView view(INDArray average, NetworkView network) {
    return NetworkView.frozen(average, network);
  }
}
