package dev.dgmspark.engine;

import org.deeplearning4j.core.loader.MultiDataSetLoader;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * A family whose model is one DL4J {@link ComputationGraph} trained by plain {@code fit} on each minibatch: such a
 * model can also train through dl4j-spark's {@code ParameterAveragingTrainingMaster} ({@code --trainer dl4j-spark}).
 */
public interface GraphFamily<M extends TrainableModel> {
  /** The model's network. */
  ComputationGraph graph(M model);

  /** The model around a network dl4j-spark returned. */
  M wrap(ComputationGraph graph);

  /** Turns an exported minibatch file into the {@code MultiDataSet} the network fits. */
  MultiDataSetLoader loader();
}
