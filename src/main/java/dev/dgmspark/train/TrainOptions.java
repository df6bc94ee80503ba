package dev.dgmspark.train;

import dev.dgmspark.model.ModelKind;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code train} is asked to do.
 *
 * @param kind the model
 * @param data shard folder (with {@code index.json})
 * @param out model folder
 * @param latentDim size of z
 * @param beta KL weight (vae: 1; betavae: typically 4)
 * @param epochs train until this epoch number (with {@code resume}, counting the epochs already done)
 * @param batchSize examples per averaged step across all workers
 * @param batchSizePerWorker minibatch of one worker; 0 derives it from {@code batchSize / workers}
 * @param learningRate Adam learning rate
 * @param seed seed of the weights, the batch order and the sampling noise
 * @param workers parallel workers; 0 uses Spark's task slots
 * @param averagingFrequency minibatches each worker fits between two parameter averagings
 * @param maxBatches smoke mode: at most this many minibatches per epoch (0: all)
 * @param resume continue from the last checkpoint in {@code out}
 * @param overwrite replace a finished model in {@code out}
 */
public record TrainOptions(ModelKind kind, String data, String out, int latentDim, double beta, int epochs,
    int batchSize, int batchSizePerWorker, double learningRate, long seed, int workers, int averagingFrequency,
    int maxBatches, boolean resume, boolean overwrite) {

  /** Defaults for everything but the model, the data and the output. */
  public static TrainOptions of(ModelKind kind, String data, String out) {
    return new TrainOptions(kind, data, out, 16, kind == ModelKind.BETAVAE ? 4.0 : 1.0, 10, 64, 0, 1e-3, 42, 0, 5,
        0, false, false);
  }

  public TrainOptions withEpochs(int value) {
    return new TrainOptions(kind, data, out, latentDim, beta, value, batchSize, batchSizePerWorker, learningRate,
        seed, workers, averagingFrequency, maxBatches, resume, overwrite);
  }

  public TrainOptions withMaxBatches(int value) {
    return new TrainOptions(kind, data, out, latentDim, beta, epochs, batchSize, batchSizePerWorker, learningRate,
        seed, workers, averagingFrequency, value, resume, overwrite);
  }

  public TrainOptions withResume(boolean value) {
    return new TrainOptions(kind, data, out, latentDim, beta, epochs, batchSize, batchSizePerWorker, learningRate,
        seed, workers, averagingFrequency, maxBatches, value, overwrite);
  }

  public TrainOptions withLatentDim(int value) {
    return new TrainOptions(kind, data, out, value, beta, epochs, batchSize, batchSizePerWorker, learningRate,
        seed, workers, averagingFrequency, maxBatches, resume, overwrite);
  }

  public TrainOptions withBatchSize(int value) {
    return new TrainOptions(kind, data, out, latentDim, beta, epochs, value, batchSizePerWorker, learningRate,
        seed, workers, averagingFrequency, maxBatches, resume, overwrite);
  }

  public TrainOptions withAveragingFrequency(int value) {
    return new TrainOptions(kind, data, out, latentDim, beta, epochs, batchSize, batchSizePerWorker, learningRate,
        seed, workers, value, maxBatches, resume, overwrite);
  }

  public TrainOptions withLearningRate(double value) {
    return new TrainOptions(kind, data, out, latentDim, beta, epochs, batchSize, batchSizePerWorker, value,
        seed, workers, averagingFrequency, maxBatches, resume, overwrite);
  }

  public TrainOptions withOverwrite(boolean value) {
    return new TrainOptions(kind, data, out, latentDim, beta, epochs, batchSize, batchSizePerWorker, learningRate,
        seed, workers, averagingFrequency, maxBatches, resume, value);
  }

  /** The minibatch of one worker for {@code workerCount} workers. */
  public int perWorkerBatch(int workerCount) {
    return batchSizePerWorker > 0 ? batchSizePerWorker : Math.max(1, batchSize / Math.max(1, workerCount));
  }

  /** The options as recorded in provenance. */
  public Map<String, Object> asMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("model", kind.toString());
    map.put("data", data);
    map.put("out", out);
    map.put("latent_dim", latentDim);
    map.put("beta", beta);
    map.put("epochs", epochs);
    map.put("batch_size", batchSize);
    map.put("batch_size_per_worker", batchSizePerWorker);
    map.put("lr", learningRate);
    map.put("seed", seed);
    map.put("workers", workers);
    map.put("averaging_frequency", averagingFrequency);
    map.put("max_batches", maxBatches);
    map.put("resume", resume);
    map.put("overwrite", overwrite);
    return map;
  }
}
