package dev.dgmspark.engine;

import dev.dgmspark.minibatch.BatchLabels;
import dev.dgmspark.minibatch.ImageBatchFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.List;

/**
 * A kind of generative model as the training engine runs it in the executors: how to build its networks, how to
 * turn an exported minibatch into what it trains on, and its local training step. Knows nothing of Spark; the
 * engine ships it to the executors, so it holds only the model's configuration.
 *
 * @param <M> the model (its networks)
 * @param <B> a minibatch as the step takes it
 */
public interface ModelFamily<M extends TrainableModel, B> extends Serializable {
  /** Freshly initialised networks (each executor task thread builds its own once). */
  M create();

  /** Reads a model written by {@link TrainableModel#write}, with its updater state. */
  M read(InputStream in) throws IOException;

  /** Whether the step needs each minibatch's attribute labels (read from the {@link BatchLabels} file). */
  boolean needsLabels();

  /** The minibatch the step takes, from an exported file and (when {@link #needsLabels}) its labels. */
  B batch(ImageBatchFile images, BatchLabels labels);

  /** Minibatch files one step consumes: 1, or e.g. a GAN's discriminator steps per generator step. */
  default int batchesPerStep() {
    return 1;
  }

  /** Names of the figures {@link #step} reports, in the order the metrics show them. */
  List<String> stepFigures();

  /**
   * One local training step on {@code batches} ({@link #batchesPerStep} of them, fewer at the end of an epoch),
   * drawing any noise from {@code noise}; adds its figures and examples to {@code metrics}.
   */
  void step(M model, List<B> batches, NoiseStream noise, StepMetrics metrics);
}
