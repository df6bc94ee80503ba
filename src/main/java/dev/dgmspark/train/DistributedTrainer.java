package dev.dgmspark.train;

import org.apache.spark.api.java.JavaRDD;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Trains a network for one pass over minibatch files spread across Spark executors.
 *
 * <p>The one place the project touches dl4j-spark's training API: upstream stopped developing its Spark module
 * after 1.0.0-M2, so a replacement (for example a hand-written averaging round like the GAN trainer's) only has to
 * implement this.
 */
public interface DistributedTrainer {
  /** Fits one pass over the batch files named by {@code batchPaths}; returns the updated network. */
  ComputationGraph fitEpoch(JavaRDD<String> batchPaths);

  /** The current network (parameters and updater state averaged across workers). */
  ComputationGraph network();

  /** The mean minibatch score of the last pass, as the workers reported it. */
  double lastScore();
}
