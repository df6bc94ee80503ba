package dev.dgmspark.engine.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dgmspark.testing.SharedSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.core.loader.MultiDataSetLoader;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.common.loader.Source;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** dl4j-spark as the engine drives it: every minibatch file of an epoch is trained, once. */
class Dl4jSparkTrainerTest extends SharedSpark {
  /** Files loaded, by path: the executors run in this JVM under {@code local[2]}. */
  private static final Map<String, Integer> LOADS = new ConcurrentHashMap<>();

  /** Serves a small random minibatch for any path and counts the loads. */
  private static final class CountingLoader implements MultiDataSetLoader {
    private static final long serialVersionUID = 1L;

    @Override
    public MultiDataSet load(Source source) {
      LOADS.merge(source.getPath(), 1, Integer::sum);
      return new org.nd4j.linalg.dataset.MultiDataSet(Nd4j.rand(DataType.FLOAT, 4, 3),
          Nd4j.rand(DataType.FLOAT, 4, 2));
    }
  }

  private static ComputationGraph tinyGraph() {
    ComputationGraph net = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(1).updater(new Adam(1e-3))
        .graphBuilder().addInputs("in")
        .addLayer("hidden", new DenseLayer.Builder().nIn(3).nOut(4).activation(Activation.TANH).build(), "in")
        .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(4).nOut(2)
            .activation(Activation.IDENTITY).build(), "hidden")
        .setOutputs("out").build());
    net.init();
    return net;
  }

  @Test
  void everyFileOfAnEpochIsTrainedOnceIncludingTheLastPartialRound() {
    LOADS.clear();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    // 2 workers averaging every 3 files: rounds of 6, and 17 files leave a partial round of 5. dl4j-spark given the
    // whole epoch at once trained 12 of them (two whole rounds).
    Dl4jSparkTrainer trainer = new Dl4jSparkTrainer(jsc, tinyGraph(), new CountingLoader(), 2, 4, 3, 7);
    List<String> paths = new ArrayList<>();
    for (int i = 0; i < 17; i++) {
      paths.add("file:/batches/batch-" + i + ".bin");
    }
    trainer.fitEpoch(paths);
    assertEquals(17, LOADS.size(), "files trained: " + LOADS.keySet());
    LOADS.forEach((path, loads) -> assertEquals(1, loads, path + " loaded " + loads + " times"));
    assertTrue(Double.isFinite(trainer.lastScore()), "score " + trainer.lastScore());
  }
}
