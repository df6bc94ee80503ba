package dev.dgmspark.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** The multi-network model zip: every network comes back with its weights, and a missing one is named. */
class NetworkZipTest {
  private static MultiLayerNetwork layers(long seed) {
    MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(seed).updater(new Adam())
        .list()
        .layer(new DenseLayer.Builder().nIn(3).nOut(4).activation(Activation.TANH).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(4).nOut(2)
            .activation(Activation.IDENTITY).build())
        .build());
    net.init();
    return net;
  }

  private static ComputationGraph graph(long seed) {
    ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed).updater(new Adam())
        .graphBuilder().addInputs("in")
        .addLayer("hidden", new DenseLayer.Builder().nIn(3).nOut(5).activation(Activation.RELU).build(), "in")
        .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(5).nOut(1)
            .activation(Activation.IDENTITY).build(), "hidden")
        .setOutputs("out").build();
    ComputationGraph net = new ComputationGraph(conf);
    net.init();
    return net;
  }

  private static byte[] zip(Map<String, Model> networks) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    NetworkZip.write(networks, out);
    return out.toByteArray();
  }

  @Test
  void everyNetworkComesBackWithItsWeights() throws Exception {
    MultiLayerNetwork stack = layers(1);
    ComputationGraph graph = graph(2);
    Map<String, Model> networks = new LinkedHashMap<>();
    networks.put("stack", stack);
    networks.put("graph", graph);
    NetworkZip.Contents contents = NetworkZip.read(new ByteArrayInputStream(zip(networks)));
    assertEquals(stack.params(), contents.layers("stack", true).params());
    assertEquals(graph.params(), contents.graph("graph", false).params());
    assertEquals(java.util.List.of("stack", "graph"), contents.names());
  }

  @Test
  void aMissingNetworkIsNamedWithWhatTheZipHolds() throws Exception {
    Map<String, Model> networks = new LinkedHashMap<>();
    networks.put("generator", layers(3));
    NetworkZip.Contents contents = NetworkZip.read(new ByteArrayInputStream(zip(networks)));
    IOException e = assertThrows(IOException.class, () -> contents.layers("discriminator", true));
    assertTrue(e.getMessage().contains("no discriminator"), e.getMessage());
    assertTrue(e.getMessage().contains("[generator]"), e.getMessage());
  }
}
