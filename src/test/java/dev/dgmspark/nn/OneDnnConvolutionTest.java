package dev.dgmspark.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * {@link OneDnnConvolution} computes what DL4J's own convolution layer computes (outputs, parameter gradients), runs
 * on oneDNN where the oneDNN build is loaded, and survives saving and loading.
 */
class OneDnnConvolutionTest {

  private static MultiLayerNetwork net(boolean oneDnn) {
    ConvolutionLayer.Builder stride2 = new ConvolutionLayer.Builder(4, 4).stride(2, 2).nOut(6)
        .activation(Activation.LEAKYRELU);
    ConvolutionLayer.Builder same = new ConvolutionLayer.Builder(3, 3).nOut(5).activation(Activation.TANH);
    MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(5).dataType(DataType.FLOAT)
        .updater(new Sgd(0.1)).convolutionMode(ConvolutionMode.Same).list()
        .layer(oneDnn ? new OneDnnConvolution(stride2) : stride2.build())
        .layer(oneDnn ? new OneDnnConvolution(same) : same.build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2).activation(Activation.IDENTITY)
            .build())
        .setInputType(InputType.convolutional(12, 12, 3)).build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    return net;
  }

  @Test
  void sameOutputsAndGradientsAsDl4jsConvolution() {
    MultiLayerNetwork reference = net(false);
    MultiLayerNetwork fast = net(true);
    fast.setParams(reference.params().dup());
    INDArray x = Nd4j.rand(DataType.FLOAT, 7, 3, 12, 12).subi(0.5);
    INDArray y = Nd4j.rand(DataType.FLOAT, 7, 2);

    INDArray expected = reference.output(x, false);
    INDArray actual = fast.output(x, false);
    assertTrue(expected.equalsWithEps(actual, 1e-4), "outputs differ by " + maxDiff(expected, actual));

    org.nd4j.common.primitives.Pair<Gradient, INDArray> r1 = reference.calculateGradients(x, y, null, null);
    org.nd4j.common.primitives.Pair<Gradient, INDArray> r2 = fast.calculateGradients(x, y, null, null);
    Gradient g1 = r1.getFirst();
    Gradient g2 = r2.getFirst();
    // The gradient reaching the input: what a GAN's generator learns from.
    double inputScale = Math.max(1e-3, r1.getSecond().amaxNumber().doubleValue());
    assertTrue(maxDiff(r1.getSecond(), r2.getSecond()) / inputScale < 1e-3, "input gradient differs by "
        + maxDiff(r1.getSecond(), r2.getSecond()) + " (scale " + inputScale + ")");
    for (String key : g1.gradientForVariable().keySet()) {
      INDArray a = g1.getGradientFor(key);
      INDArray b = g2.getGradientFor(key);
      double scale = Math.max(1e-3, a.amaxNumber().doubleValue());
      assertTrue(maxDiff(a, b) / scale < 1e-3, key + " gradient differs by " + maxDiff(a, b) + " (scale " + scale
          + ")");
    }
  }

  @Test
  void runsOnOneDnnWhereverTheOneDnnBuildIsLoaded() {
    MultiLayerNetwork fast = net(true);
    boolean oneDnn = NativeBackend.oneDnnLoaded();
    assertEquals(oneDnn, ((OneDnnConvolution.Running) fast.getLayer(0)).usesOneDnn());
    assertEquals(oneDnn ? "onednn" : "plain", NativeBackend.describe());
  }

  @Test
  void savedNetworksLoadWithTheSameLayerAndParameters() throws Exception {
    MultiLayerNetwork fast = net(true);
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    ModelSerializer.writeModel(fast, bytes, true);
    MultiLayerNetwork back = ModelSerializer.restoreMultiLayerNetwork(
        new java.io.ByteArrayInputStream(bytes.toByteArray()), true);
    assertTrue(back.getLayerWiseConfigurations().getConf(0).getLayer() instanceof OneDnnConvolution);
    assertEquals(fast.params(), back.params());
    INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 12, 12);
    assertTrue(fast.output(x).equalsWithEps(back.output(x), 1e-6));
  }

  private static double maxDiff(INDArray a, INDArray b) {
    return a.sub(b).amaxNumber().doubleValue();
  }
}
