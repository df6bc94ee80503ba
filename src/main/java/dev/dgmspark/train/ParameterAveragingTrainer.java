package dev.dgmspark.train;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.core.loader.MultiDataSetLoader;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.RepartitionStrategy;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;

/**
 * Synchronous parameter averaging through dl4j-spark: each round, every worker starts from the same parameters
 * (and updater state), fits {@code averagingFrequency} minibatches of its own, and the driver averages the results.
 */
public final class ParameterAveragingTrainer implements DistributedTrainer {
  private final SparkComputationGraph spark;
  private final MultiDataSetLoader loader;

  /**
   * @param workers number of parallel workers (normally the cluster's task slots)
   * @param batchSizePerWorker minibatch size in the batch files
   * @param averagingFrequency minibatches each worker fits between two averagings
   */
  public ParameterAveragingTrainer(JavaSparkContext jsc, ComputationGraph net, MultiDataSetLoader loader,
      int workers, int batchSizePerWorker, int averagingFrequency, long seed) {
    ParameterAveragingTrainingMaster master = new ParameterAveragingTrainingMaster.Builder(workers,
        batchSizePerWorker)
        .batchSizePerWorker(batchSizePerWorker)
        .averagingFrequency(averagingFrequency)
        .workerPrefetchNumBatches(2)
        .saveUpdater(true) // Adam's moments are averaged too, so the optimiser state survives each round
        .repartitionStrategy(RepartitionStrategy.Balanced)
        .rngSeed(seed)
        .build();
    this.spark = new SparkComputationGraph(jsc, net, master);
    this.loader = loader;
  }

  @Override
  public ComputationGraph fitEpoch(JavaRDD<String> batchPaths) {
    return spark.fitPaths(batchPaths, loader);
  }

  @Override
  public ComputationGraph network() {
    return spark.getNetwork();
  }

  @Override
  public double lastScore() {
    return spark.getScore();
  }
}
