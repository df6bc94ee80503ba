package dev.dgmspark.engine.spark;

import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.core.loader.MultiDataSetLoader;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.RepartitionStrategy;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;

/**
 * Epochs through dl4j-spark ({@code --trainer dl4j-spark}): synchronous parameter averaging by
 * {@link ParameterAveragingTrainingMaster}; each round every worker starts from the same parameters and updater
 * state, fits {@code averagingFrequency} minibatches of its own, and the driver averages the results. The one place
 * the project touches dl4j-spark's training API, which upstream stopped developing after 1.0.0-M2.
 */
final class Dl4jSparkTrainer {
  private final JavaSparkContext jsc;
  private final SparkComputationGraph spark;
  private final MultiDataSetLoader loader;
  private final int workers;

  /**
   * @param workers number of parallel workers (normally the cluster's task slots)
   * @param batchSizePerWorker minibatch size in the batch files
   * @param averagingFrequency minibatches each worker fits between two averagings
   */
  Dl4jSparkTrainer(JavaSparkContext jsc, ComputationGraph net, MultiDataSetLoader loader, int workers,
      int batchSizePerWorker, int averagingFrequency, long seed) {
    ParameterAveragingTrainingMaster master = new ParameterAveragingTrainingMaster.Builder(workers,
        batchSizePerWorker)
        .batchSizePerWorker(batchSizePerWorker)
        .averagingFrequency(averagingFrequency)
        .workerPrefetchNumBatches(2)
        .saveUpdater(true) // Adam's moments are averaged too, so the optimiser state survives each round
        .repartitionStrategy(RepartitionStrategy.Balanced)
        .rngSeed(seed)
        .build();
    this.jsc = jsc;
    this.spark = new SparkComputationGraph(jsc, net, master);
    this.loader = loader;
    this.workers = workers;
  }

  /** Fits one pass over the batch files; returns the updated network. */
  ComputationGraph fitEpoch(List<String> paths) {
    return spark.fitPaths(jsc.parallelize(paths, Math.max(1, Math.min(paths.size(), workers))), loader);
  }

  /** The mean minibatch score of the last pass, as the workers reported it. */
  double lastScore() {
    return spark.getScore();
  }
}
