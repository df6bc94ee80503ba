package dev.dgmspark.engine.spark;

import dev.dgmspark.engine.RunData;
import dev.dgmspark.engine.TrainableModel;
import java.io.IOException;
import java.util.List;

/**
 * Chooses the minibatch files of each epoch instead of the engine's plain shuffle of the exported files: e.g.
 * DB-VAE's adaptive resampling, which draws every epoch's images with probabilities computed from the model as it
 * stands before the epoch and writes them as new minibatch files.
 *
 * @param <M> the model
 */
public interface EpochSampler<M extends TrainableModel> {
  /**
   * The minibatch files of {@code epoch}, in training order.
   *
   * @param model the model as it stands before the epoch
   * @param training the exported minibatch files trained on (the held-out ones left out)
   */
  List<RunData.Minibatch> epoch(M model, int epoch, List<RunData.Minibatch> training) throws IOException;
}
