package dev.dgmspark.engine;

import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * What a model family does on the driver around the engine's epoch loop: its metrics columns and their figures,
 * its pictures, its {@code model.json}, and its final figures. The loop itself (export, rounds, resume,
 * checkpoints, metrics file, summary) is the engine's.
 *
 * @param <M> the model
 */
public interface TrainingHooks<M extends TrainableModel> {
  /** The model kind as summaries and logs name it: {@code vae}, {@code gan}... */
  String modelName();

  /** One line saying what is trained, for the log: sizes, parameters. */
  String describe(M model);

  /** The {@code metrics.csv} columns between {@code epoch} and {@code examples,seconds,examples_per_second}. */
  List<String> metricColumns();

  /** Attribute columns to export beside every minibatch (empty: none), and each one's values in code order. */
  default List<String> labelColumns() {
    return List.of();
  }

  /** For each of {@link #labelColumns()}, its values; a value's position is its code. */
  default List<List<String>> labelValues() {
    return List.of();
  }

  /** True for a top-level file of the model folder that this family writes (pictures), besides the engine's. */
  boolean ownsFile(String name);

  /**
   * True for a top-level entry of the model folder written before the loop started by the same command (DB-VAE's
   * baseline model), which a new run must leave in place rather than clean or refuse.
   */
  default boolean keepsFile(String name) {
    return false;
  }

  /** Called once before the first epoch, with the minibatches held out from training (may be empty). */
  default void prepare(RunData data) throws IOException {}

  /** The figures of an epoch's metrics row, in {@link #metricColumns()} order. */
  double[] epochFigures(M model, StepMetrics totals);

  /** The figures of an epoch for the log line, e.g. {@code loss 12.3 (reconstruction 10.1, KL 2.2)}. */
  String describeEpoch(double[] figures);

  /** Writes an epoch's pictures into the model folder (nothing by default). */
  default void afterEpoch(M model, int epoch, Path out, Configuration conf) throws IOException {}

  /** The content of {@code model.json} with {@code epochsDone} epochs. */
  byte[] descriptor(int epochsDone);

  /** The family's settings for the summary's {@code config}. */
  Object config();

  /**
   * Writes the final pictures and measures the family's final figures (serialised into {@code summary.json}
   * between the engine's head and its {@code config}).
   */
  Object finish(M model, RunData data) throws IOException;
}
