package dev.dgmspark.engine;

import java.io.Serializable;

/**
 * A model's whole training state as parameter averaging ships it: one flat vector (the model says the layout:
 * every network's parameters, then every network's updater state) and each network's update counter, which Adam's
 * bias correction reads.
 *
 * @param flat parameters and updater states of all the model's networks
 * @param iterations updates done, per network
 * @param epoch epochs done
 */
public record TrainingState(float[] flat, int[] iterations, int epoch) implements Serializable {

  /** The same state marked as {@code epochs} epochs done. */
  public TrainingState withEpoch(int epochs) {
    return new TrainingState(flat, iterations, epochs);
  }
}
