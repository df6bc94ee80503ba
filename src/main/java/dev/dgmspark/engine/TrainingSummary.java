package dev.dgmspark.engine;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A training run's {@code summary.json}: what ran and how fast, the family's own figures, then the configuration,
 * the data and the provenance. Keys are the snake_case names of the components; the family's figures (a record of
 * its own) are written inline between {@code held_out_minibatches} and {@code config}.
 *
 * @param job always {@code train}
 * @param model the model kind
 * @param out the model folder
 * @param epochs epochs done in all
 * @param epochsRequested {@code --epochs}
 * @param firstEpochThisRun the first epoch this run trained (above 1 after {@code --resume})
 * @param examplesTrainedThisRun examples trained on in this run
 * @param trainSeconds seconds spent in training epochs
 * @param examplesPerSecond {@code examplesTrainedThisRun / trainSeconds}
 * @param seconds the whole run, export and evaluation included
 * @param trainer how epochs were spread over the workers
 * @param nd4jBuild ND4J's native build on the driver: {@code onednn}, {@code plain} or {@code cuda}
 * @param workers parallel workers
 * @param batchSizePerWorker minibatch of one worker
 * @param trainingMinibatches minibatch files trained on
 * @param heldOutMinibatches minibatch files held out for evaluation
 * @param figures the family's final figures
 * @param config the family's settings
 * @param dataIndex the shards' {@code index.json}
 * @param dataIndexSha256 its checksum
 * @param dataRows images in the shards
 * @param provenance versions, command, options, start time
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({"job", "model", "out", "epochs", "epochs_requested", "first_epoch_this_run",
    "examples_trained_this_run", "train_seconds", "examples_per_second", "seconds", "trainer", "nd4j_build",
    "workers", "batch_size_per_worker", "training_minibatches", "held_out_minibatches", "figures", "config",
    "data_index", "data_index_sha256", "data_rows", "provenance"})
public record TrainingSummary(String job, String model, String out, int epochs, int epochsRequested,
    int firstEpochThisRun, long examplesTrainedThisRun, double trainSeconds, double examplesPerSecond, double seconds,
    String trainer, String nd4jBuild, int workers, int batchSizePerWorker, int trainingMinibatches,
    int heldOutMinibatches, @JsonUnwrapped Object figures, Object config, String dataIndex, String dataIndexSha256,
    long dataRows, Object provenance) {

  /** Three decimals, as the summaries print figures. */
  public static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }
}
