package dev.dgmspark.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** FLOP counts against hand-computed multiply-adds of small networks. */
class FlopCountTest {

  @Test
  void layerStack() {
    MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
        .convolutionMode(ConvolutionMode.Same).list()
        // 8x8x1 -> 4x4x2 with a 4x4 kernel: 4*4 outputs * 2 channels * 1 input channel * 16 taps = 512 MACs
        .layer(new ConvolutionLayer.Builder(4, 4).stride(2, 2).nOut(2).build())
        // upsampling: no multiply-adds; 8x8x2 -> 8x8x3 with 3x3: 64 * 3 * 2 * 9 = 3,456 MACs
        .layer(new Upsampling2D.Builder(2).build())
        .layer(new ConvolutionLayer.Builder(3, 3).nOut(3).build())
        // 4x4 transposed conv of 8x8x3 (stride 2) -> 16x16x1: every input pixel meets 16 taps: 64 * 3 * 1 * 16 = 3,072
        .layer(new Deconvolution2D.Builder(4, 4).stride(2, 2).nOut(1).build())
        // 256 -> 5 dense: 1,280 MACs
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(5).activation(Activation.IDENTITY)
            .build())
        .setInputType(InputType.convolutional(8, 8, 1)).build());
    net.init();
    double macs = 512 + 3456 + 3072 + 1280;
    assertEquals(2 * macs, FlopCount.forwardPerExample(net, InputType.convolutional(8, 8, 1)), 1e-9);
    assertEquals(6 * macs, FlopCount.trainingPerExample(2 * macs), 1e-9);
  }

  @Test
  void graph() {
    ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().convolutionMode(ConvolutionMode.Same)
        .graphBuilder().addInputs("x").setInputTypes(InputType.convolutional(6, 6, 2))
        // 6x6x2 -> 3x3x4, 2x2 kernel stride 2: 9 * 4 * 2 * 4 = 288 MACs
        .addLayer("c", new ConvolutionLayer.Builder(2, 2).stride(2, 2).nOut(4).build(), "x")
        // 36 -> 10: 360 MACs; two heads 10 -> 3 each: 60 MACs
        .addLayer("d", new DenseLayer.Builder().nOut(10).build(), "c")
        .addLayer("a", new OutputLayer.Builder().nOut(3).build(), "d")
        .addLayer("b", new OutputLayer.Builder().nOut(3).build(), "d")
        .setOutputs("a", "b").build();
    ComputationGraph net = new ComputationGraph(conf);
    net.init();
    assertEquals(2.0 * (288 + 360 + 60), FlopCount.forwardPerExample(net, InputType.convolutional(6, 6, 2)), 1e-9);
  }
}
