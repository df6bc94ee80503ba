package dev.dgmspark.engine;

import dev.dgmspark.nn.NativeMemory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a worker does in one averaging round, with no Spark: start from the broadcast state, then take one step of
 * the family per {@link ModelFamily#batchesPerStep()} minibatch files of its task, with noise from the task's own
 * stream.
 */
public final class LocalRound {
  private LocalRound() {}

  /** Reads a minibatch by path; the executors read files, tests may serve arrays. */
  @FunctionalInterface
  public interface BatchSource<B> {
    B read(String path) throws IOException;
  }

  /** Runs {@code task} on {@code model} from {@code start}; returns the worker's final state and step figures. */
  public static <M extends TrainableModel, B> StateSum run(ModelFamily<M, B> family, M model, TrainingState start,
      WorkerTask task, BatchSource<B> source) throws IOException {
    model.setState(start);
    StepMetrics metrics = new StepMetrics(family.stepFigures());
    NoiseStream noise = new NoiseStream(task.noiseSeed());
    List<String> paths = task.batchPaths();
    int perStep = family.batchesPerStep();
    for (int from = 0; from < paths.size(); from += perStep) {
      List<B> batches = new ArrayList<>();
      for (String path : paths.subList(from, Math.min(paths.size(), from + perStep))) {
        batches.add(source.read(path));
      }
      family.step(model, batches, noise, metrics);
      NativeMemory.collectIfHigh();
    }
    return StateSum.of(model.state().withEpoch(start.epoch()), metrics);
  }
}
