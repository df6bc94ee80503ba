package dev.dgmspark.engine;

/**
 * The settings of the engine's epoch loop, the same for every model family.
 *
 * @param data shard folder as given (with {@code index.json})
 * @param out model folder as given
 * @param epochs train until this epoch number (with {@code resume}, counting the epochs already done)
 * @param batchSize examples per averaged step across all workers
 * @param batchSizePerWorker minibatch of one worker; 0 derives it from {@code batchSize / workers}
 * @param seed seed of the batch order, the noise and the held-out split
 * @param workers parallel workers; 0 uses Spark's task slots
 * @param averagingFrequency steps each worker takes between two averagings
 * @param maxBatches smoke mode: at most this many minibatches per epoch (0: all)
 * @param maxTrainMinutes time budget: no new epoch starts once the training time so far plus the last epoch's
 *     would exceed it (0: none)
 * @param trainer how epochs are spread over the workers
 * @param resume continue from the last checkpoint in {@code out}
 * @param overwrite replace a finished model in {@code out}
 */
public record LoopSettings(String data, String out, int epochs, int batchSize, int batchSizePerWorker, long seed,
    int workers, int averagingFrequency, int maxBatches, double maxTrainMinutes, TrainerKind trainer,
    boolean resume, boolean overwrite) {

  /** The minibatch of one worker for {@code workerCount} workers. */
  public int perWorkerBatch(int workerCount) {
    return batchSizePerWorker > 0 ? batchSizePerWorker : Math.max(1, batchSize / Math.max(1, workerCount));
  }
}
