package dev.dgmspark.gan;

import java.io.IOException;
import java.util.List;

/**
 * What a worker does in one averaging round, with no Spark: start from the broadcast state, then for each group of
 * {@code dSteps} minibatches take one discriminator update per minibatch and one generator update (on as many noise
 * vectors as the last minibatch had images, with its conditions for cgan).
 */
public final class LocalTraining {
  private LocalTraining() {}

  /** Reads a minibatch by path; the executors read files, tests may serve arrays. */
  @FunctionalInterface
  public interface BatchSource {
    RealBatch read(String path) throws IOException;
  }

  /**
   * Runs {@code task} on {@code model} starting from {@code start}; returns the worker's final state and step
   * statistics.
   */
  public static StateSum run(GanModel model, GanState start, WorkerTask task, BatchSource source)
      throws IOException {
    model.setState(start);
    StepTotals totals = new StepTotals();
    NoiseStream noise = new NoiseStream(task.noiseSeed());
    List<String> paths = task.batchPaths();
    int dSteps = model.config().dSteps();
    for (int from = 0; from < paths.size(); from += dSteps) {
      RealBatch last = null;
      for (String path : paths.subList(from, Math.min(paths.size(), from + dSteps))) {
        last = source.read(path);
        totals.addDiscriminator(GanStep.discriminatorStep(model, last.images(), last.condition(), noise),
            last.size());
      }
      totals.addGenerator(GanStep.generatorStep(model, last.condition(), last.size(), noise));
    }
    return StateSum.of(model.state(), totals);
  }
}
