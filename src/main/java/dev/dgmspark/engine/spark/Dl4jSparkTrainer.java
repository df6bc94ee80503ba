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
 *
 * <p>An epoch is handed to dl4j-spark one averaging round at a time ({@code workers x averagingFrequency} files per
 * {@code fitPaths} call): given a whole epoch, dl4j-spark 1.0.0-M2 splits it into whole rounds and each worker fits at
 * most {@code averagingFrequency} files per split, so the remainder is never trained (64 files, 2 workers, every 20:
 * 40 files trained per epoch, measured with a counting loader).
 */
public final class Dl4jSparkTrainer {
  private final JavaSparkContext jsc;
  private final SparkComputationGraph spark;
  private final MultiDataSetLoader loader;
  private final int workers;
  private final int averagingFrequency;
  private double lastScore = Double.NaN;

  /**
   * @param workers number of parallel workers (normally the cluster's task slots)
   * @param batchSizePerWorker minibatch size in the batch files
   * @param averagingFrequency minibatches each worker fits between two averagings
   */
  public Dl4jSparkTrainer(JavaSparkContext jsc, ComputationGraph net, MultiDataSetLoader loader, int workers,
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
    this.averagingFrequency = averagingFrequency;
  }

  /** Fits one pass over the batch files, every one of them, in averaging rounds; returns the updated network. */
  public ComputationGraph fitEpoch(List<String> paths) {
    int perRound = workers * averagingFrequency;
    double scoreSum = 0;
    ComputationGraph net = spark.getNetwork();
    for (int from = 0; from < paths.size(); from += perRound) {
      List<String> round = paths.subList(from, Math.min(paths.size(), from + perRound));
      net = spark.fitPaths(jsc.parallelize(round, Math.min(round.size(), workers)), loader);
      scoreSum += spark.getScore() * round.size();
    }
    lastScore = paths.isEmpty() ? Double.NaN : scoreSum / paths.size();
    return net;
  }

  /** The mean minibatch score of the last pass, as the workers reported it (each round weighted by its files). */
  public double lastScore() {
    return lastScore;
  }
}
