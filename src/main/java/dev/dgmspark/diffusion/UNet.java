package dev.dgmspark.diffusion;

import dev.dgmspark.nn.OneDnnConvolution;
import dev.dgmspark.nn.Silu;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The noise-prediction network ε_θ(x_t, t) of a diffusion model: a small U-Net (Ronneberger et al. 2015, as DDPM
 * uses it) as a DL4J {@link ComputationGraph} with two inputs, the noisy images {@link #IMAGES} [n, c, s, s] in about
 * [−1, 1] and the sinusoidal time embedding {@link #TIME} ({@link TimeEmbedding}), and one output, the predicted
 * noise, trained with the squared error against the true noise.
 *
 * <p>Layout: the time embedding goes through two dense layers (SiLU, {@link Silu}) and is projected into every
 * residual block;
 * a 3x3 convolution lifts the image to {@code filters} channels; going down, each level has a residual block whose
 * output is kept for the way up, then a stride-2 convolution halves the resolution (32 → 16 → 8; 28 → 14 → 7;
 * 64 → … → 8); a residual block in the middle; going up, each level concatenates the kept activation, runs a
 * residual block and (but the top) upsamples by 2 with a 3x3 convolution. Residual block: SiLU, 3x3 convolution,
 * plus the projected time embedding per channel ({@link ChannelBiasVertex}), SiLU, 3x3 convolution started at zero
 * (so that each block begins as the identity, as improved DDPM does), plus the input (through a 1x1 convolution when
 * the channel count changes). The first level has {@code filters} channels, the others twice as many. No
 * normalisation layers: DL4J has no group normalisation, and batch normalisation's running statistics would be
 * those of a mix of noise levels that sampling never sees.
 */
public final class UNet {
  /** The noisy images' input. */
  public static final String IMAGES = "x_t";
  /** The time embedding's input. */
  public static final String TIME = "t";
  /** The output: predicted noise. */
  public static final String NOISE = "eps";
  private static final String TIME_HIDDEN = "t_hidden";

  private UNet() {}

  /** Builds and initialises the network (float32). */
  public static ComputationGraph build(DiffusionConfig config) {
    ComputationGraph net = new ComputationGraph(configuration(config, DataType.FLOAT));
    net.init();
    return net;
  }

  /** The network configuration in {@code dataType}, trained by Adam at the configured learning rate. */
  static ComputationGraphConfiguration configuration(DiffusionConfig config, DataType dataType) {
    return configuration(config, dataType, new Adam(config.learningRate()));
  }

  /** The configuration with another updater: gradient checks need double precision and no updater. */
  static ComputationGraphConfiguration configuration(DiffusionConfig config, DataType dataType, IUpdater updater) {
    int size = config.imageSize();
    int levels = config.levels();
    int timeUnits = 4 * config.filters();
    ComputationGraphConfiguration.GraphBuilder graph = new NeuralNetConfiguration.Builder()
        .seed(config.seed())
        .dataType(dataType)
        .updater(updater)
        .weightInit(WeightInit.RELU)
        .convolutionMode(ConvolutionMode.Same)
        .graphBuilder()
        .addInputs(IMAGES, TIME)
        .setInputTypes(InputType.convolutional(size, size, config.channels()),
            InputType.feedForward(config.embeddingDim()));

    graph.addLayer("t_fc1", new DenseLayer.Builder().nOut(timeUnits).activation(new Silu()).build(), TIME);
    graph.addLayer(TIME_HIDDEN, new DenseLayer.Builder().nOut(timeUnits).activation(new Silu()).build(),
        "t_fc1");

    graph.addLayer("in", conv(3, config.filters(), 1, false), IMAGES);
    String h = "in";
    int channels = config.filters();
    String[] kept = new String[levels];
    int[] levelChannels = new int[levels];
    for (int level = 0; level < levels; level++) {
      levelChannels[level] = level == 0 ? config.filters() : 2 * config.filters();
      h = residualBlock(graph, "down" + level, h, channels, levelChannels[level]);
      channels = levelChannels[level];
      kept[level] = h;
      if (level < levels - 1) {
        graph.addLayer("down" + level + "_pool", conv(3, channels, 2, false), h);
        h = "down" + level + "_pool";
      }
    }
    h = residualBlock(graph, "mid", h, channels, channels);
    for (int level = levels - 1; level >= 0; level--) {
      String name = "up" + level;
      graph.addVertex(name + "_cat", new MergeVertex(), h, kept[level]);
      h = residualBlock(graph, name, name + "_cat", channels + levelChannels[level], levelChannels[level]);
      channels = levelChannels[level];
      if (level > 0) {
        graph.addLayer(name + "_up", new Upsampling2D.Builder(2).build(), h);
        graph.addLayer(name + "_upconv", conv(3, levelChannels[level - 1], 1, false), name + "_up");
        h = name + "_upconv";
        channels = levelChannels[level - 1];
      }
    }
    graph.addLayer("out_act", new ActivationLayer.Builder().activation(new Silu()).build(), h);
    graph.addLayer("out", conv(3, config.channels(), 1, true), "out_act");
    graph.addLayer(NOISE, new CnnLossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY)
        .build(), "out");
    graph.setOutputs(NOISE);
    return graph.build();
  }

  /** A residual block from {@code input} ({@code in} channels) to {@code out} channels; returns its output name. */
  private static String residualBlock(ComputationGraphConfiguration.GraphBuilder graph, String name, String input,
      int in, int out) {
    graph.addLayer(name + "_act1", new ActivationLayer.Builder().activation(new Silu()).build(), input);
    graph.addLayer(name + "_conv1", conv(3, out, 1, false), name + "_act1");
    graph.addLayer(name + "_time", new DenseLayer.Builder().nOut(out).activation(Activation.IDENTITY)
        .weightInit(WeightInit.XAVIER).build(), TIME_HIDDEN);
    graph.addVertex(name + "_plus_t", new ChannelBiasVertex(), name + "_conv1", name + "_time");
    graph.addLayer(name + "_act2", new ActivationLayer.Builder().activation(new Silu()).build(),
        name + "_plus_t");
    graph.addLayer(name + "_conv2", conv(3, out, 1, true), name + "_act2");
    String shortcut = input;
    if (in != out) {
      graph.addLayer(name + "_skip", conv(1, out, 1, false), input);
      shortcut = name + "_skip";
    }
    graph.addVertex(name, new ElementWiseVertex(ElementWiseVertex.Op.Add), name + "_conv2", shortcut);
    return name;
  }

  private static OneDnnConvolution conv(int kernel, int out, int stride, boolean zero) {
    ConvolutionLayer.Builder builder = new ConvolutionLayer.Builder(kernel, kernel).stride(stride, stride).nOut(out)
        .activation(Activation.IDENTITY);
    if (zero) {
      builder.weightInit(WeightInit.ZERO);
    }
    return new OneDnnConvolution(builder);
  }
}
