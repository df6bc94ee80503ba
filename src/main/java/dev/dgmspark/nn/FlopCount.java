package dev.dgmspark.nn;

import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Floating-point operations of a network's forward pass per example, counted from its layer shapes: the
 * multiply-adds of convolutions, transposed convolutions and dense layers (two operations each). Element-wise work
 * (activations, bias, losses, upsampling) is left out, as FLOP counts of networks usually do.
 *
 * <p>A training step costs about three forward passes (the backward pass computes a gradient for the inputs and one
 * for the weights, each as large as the forward pass): {@link #trainingPerExample}.
 */
public final class FlopCount {
  private FlopCount() {}

  /** Forward-pass FLOPs per example of a graph whose inputs have the types {@code inputTypes}. */
  public static double forwardPerExample(ComputationGraph net, InputType... inputTypes) {
    ComputationGraphConfiguration conf = net.getConfiguration();
    Map<String, InputType> inputs = inputTypes(conf, inputTypes);
    double flops = 0;
    for (Map.Entry<String, GraphVertex> e : conf.getVertices().entrySet()) {
      if (e.getValue() instanceof LayerVertex vertex) {
        InputType in = inputs.get(e.getKey());
        if (vertex.getPreProcessor() != null) {
          in = vertex.getPreProcessor().getOutputType(in);
        }
        flops += layer(vertex.getLayerConf().getLayer(), in);
      }
    }
    return flops;
  }

  /** Forward-pass FLOPs per example of a layer stack whose input has the type {@code input}. */
  public static double forwardPerExample(MultiLayerNetwork net, InputType input) {
    MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
    InputType in = input;
    double flops = 0;
    for (int i = 0; i < conf.getConfs().size(); i++) {
      if (conf.getInputPreProcess(i) != null) {
        in = conf.getInputPreProcess(i).getOutputType(in);
      }
      Layer layer = conf.getConf(i).getLayer();
      flops += layer(layer, in);
      in = layer.getOutputType(i, in);
    }
    return flops;
  }

  /** Training FLOPs per example: forward plus backward, three forward passes. */
  public static double trainingPerExample(double forward) {
    return 3 * forward;
  }

  /** The input type of every vertex: the output type of its (first) input vertex. */
  private static Map<String, InputType> inputTypes(ComputationGraphConfiguration conf, InputType[] networkInputs) {
    // Built graphs already hold their preprocessors, so DL4J has none to add here.
    Map<String, InputType> outputs = new java.util.HashMap<>(conf.getLayerActivationTypes(networkInputs));
    Map<String, InputType> inputs = new java.util.HashMap<>();
    for (int i = 0; i < conf.getNetworkInputs().size(); i++) {
      outputs.put(conf.getNetworkInputs().get(i), networkInputs[i]);
    }
    conf.getVertexInputs().forEach((name, from) -> inputs.put(name, outputs.get(from.get(0))));
    return inputs;
  }

  private static double layer(Layer layer, InputType in) {
    if (layer instanceof Deconvolution2D deconv && in instanceof InputType.InputTypeConvolutional c) {
      int[] k = deconv.getKernelSize();
      return 2.0 * c.getHeight() * c.getWidth() * c.getChannels() * deconv.getNOut() * k[0] * k[1];
    }
    if (layer instanceof ConvolutionLayer conv && in instanceof InputType.InputTypeConvolutional c) {
      InputType.InputTypeConvolutional out = (InputType.InputTypeConvolutional) conv.getOutputType(0, in);
      int[] k = conv.getKernelSize();
      return 2.0 * out.getHeight() * out.getWidth() * out.getChannels() * c.getChannels() * k[0] * k[1];
    }
    if (layer instanceof DenseLayer || layer instanceof OutputLayer) {
      FeedForwardLayer dense = (FeedForwardLayer) layer;
      return 2.0 * dense.getNIn() * dense.getNOut();
    }
    return 0;
  }
}
