package dev.dgmspark.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * Back-propagation of external errors: the input gradient against finite differences (through a residual branch, so
 * two paths add up at the input), the parameter gradient against DL4J's own, and one updater step.
 */
class ExternalErrorsTest {
  /** out = x + tanh(W2 · tanh(W1 · x)): the input reaches the output two ways. */
  private static ComputationGraph residual() {
    ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.DOUBLE)
        .updater(new Sgd(0.1)).weightInit(WeightInit.XAVIER)
        .trainingWorkspaceMode(WorkspaceMode.NONE).inferenceWorkspaceMode(WorkspaceMode.NONE)
        .graphBuilder().addInputs("x")
        .addLayer("h", new DenseLayer.Builder().nIn(4).nOut(5).activation(Activation.TANH).build(), "x")
        .addLayer("c", new DenseLayer.Builder().nIn(5).nOut(4).activation(Activation.TANH).build(), "h")
        .addVertex("sum", new ElementWiseVertex(ElementWiseVertex.Op.Add), "x", "c")
        .addLayer("out", new ActivationLayer.Builder().activation(Activation.IDENTITY).build(), "sum")
        .setOutputs("out").build();
    ComputationGraph graph = new ComputationGraph(conf);
    graph.init();
    return graph;
  }

  /** Σ errors · out(x). */
  private static double loss(ComputationGraph graph, INDArray x, INDArray errors) {
    return graph.output(false, x.dup())[0].mul(errors).sumNumber().doubleValue();
  }

  @Test
  void inputAndParameterGradientsMatchFiniteDifferencesAndDl4j() {
    ComputationGraph graph = residual();
    Nd4j.getRandom().setSeed(1);
    INDArray x = Nd4j.randn(DataType.DOUBLE, 3, 4);
    INDArray errors = Nd4j.randn(DataType.DOUBLE, 3, 4);
    graph.feedForward(new INDArray[] {x}, true, false);
    ExternalErrors.Gradients gradients = ExternalErrors.backprop(graph, "x", errors);
    assertArrayEquals(x.shape(), gradients.input().shape());
    for (long i = 0; i < x.length(); i++) {
      double h = 1e-6;
      INDArray plus = x.dup();
      plus.putScalar(i, x.getDouble(i) + h);
      INDArray minus = x.dup();
      minus.putScalar(i, x.getDouble(i) - h);
      double numeric = (loss(graph, plus, errors) - loss(graph, minus, errors)) / (2 * h);
      assertEquals(numeric, gradients.input().getDouble(i), 1e-6, "input gradient " + i);
    }
    INDArray parameters = gradients.parameters().gradient().dup();
    // The public back-propagation gives the same parameter gradient.
    graph.feedForward(new INDArray[] {x}, true, false);
    assertArrayEquals(parameters.toDoubleVector(), graph.backpropGradient(errors).gradient().toDoubleVector(), 1e-12);
    assertTrue(parameters.norm2Number().doubleValue() > 0);
  }

  @Test
  void applyTakesOneUpdaterStepAndCountsIt() {
    ComputationGraph graph = residual();
    INDArray x = Nd4j.ones(DataType.DOUBLE, 2, 4);
    INDArray before = graph.params().dup();
    graph.feedForward(new INDArray[] {x}, true, false);
    ExternalErrors.Gradients gradients = ExternalErrors.backprop(graph, "x", Nd4j.ones(DataType.DOUBLE, 2, 4));
    INDArray expected = before.sub(gradients.parameters().gradient().mul(0.1 / 2));
    ExternalErrors.apply(graph, gradients.parameters(), 2);
    // Plain SGD: the summed gradient divided by the minibatch size, times the learning rate.
    assertArrayEquals(expected.toDoubleVector(), graph.params().toDoubleVector(), 1e-12);
    assertEquals(1, graph.getConfiguration().getIterationCount());
  }
}
