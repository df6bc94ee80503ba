package dev.dgmspark.translate;

import dev.dgmspark.nn.OneDnnConvolution;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Builds the translation models' networks as DL4J networks: pix2pix's (Isola et al. 2017), which CycleGAN (Zhu et al.
 * 2017) uses twice over.
 *
 * <p>Generator: a U-Net. The encoder halves the side {@link NetworkShape#levels()} times with 4x4 stride-2
 * convolutions (filters, 2·filters, 4·filters, 4·filters; leaky ReLU 0.2); each decoder level upsamples by 2 (nearest),
 * applies a 3x3 convolution with ReLU and concatenates the encoder's map of the same side, the last one the input
 * image itself; a 3x3 convolution with tanh gives a change in [−1, 1], and the output is the input plus that change
 * (a residual output, not in the paper: the change's weights start at zero, so a fresh generator copies its input and
 * only learns what differs within a pair; measured on 3,500 glasses pairs at 32x32, with the paper's plain tanh output
 * the training pairs' L1 was still 0.0253 after 12 epochs, 2.8x the untranslated held-out inputs' 0.0090, with
 * blurred backgrounds; with the residual output it was 0.0078 after 6). Upsampling plus convolution rather than
 * transposed convolutions, as in {@code GanNetworks}: no checkerboard artefacts, and the convolutions run on oneDNN.
 * No batch normalisation or dropout: minibatches per worker are small, the L1 (pix2pix) or cycle (CycleGAN) terms
 * keep the outputs tied to the inputs, and without it the rows of a minibatch stay independent, which CycleGAN's
 * hand-built gradients rely on.
 *
 * <p>Discriminator: a PatchGAN judging pix2pix's (input, output) pairs stacked as 2·channels planes, or CycleGAN's
 * single images: two 4x4 stride-2
 * convolutions (filters, 2·filters), a 3x3 convolution (4·filters), all with leaky ReLU 0.2, and a 3x3 convolution
 * to one plane: a sigmoid verdict for every cell of a grid a quarter of the image's side (8x8 at 32x32; each cell
 * sees a 26-pixel square of the image), trained with binary cross-entropy per cell.
 *
 * <p>The generator has no output layer: its gradient is the discriminator's input gradient plus the L1 term's,
 * back-propagated by hand ({@link Pix2PixStep}); its workspaces are off so the layer inputs of a training forward
 * pass stay valid for that.
 */
public final class TranslationNetworks {
  /** The generator's input. */
  public static final String INPUT = "x";
  /** The generator's output layer. */
  public static final String OUTPUT = "out";
  /** The layer whose output the generator adds to its input. */
  static final String CHANGE = "change";
  private static final int MAX_FILTER_MULTIPLE = 4;

  private TranslationNetworks() {}

  /** The generator, initialised. */
  public static ComputationGraph generator(NetworkShape config) {
    ComputationGraph net = new ComputationGraph(generatorConfiguration(config, DataType.FLOAT));
    net.init();
    return net;
  }

  /** A discriminator of images of {@code planes} planes, initialised. */
  public static MultiLayerNetwork discriminator(NetworkShape config, int planes) {
    MultiLayerNetwork net = new MultiLayerNetwork(discriminatorConfiguration(config, planes, DataType.FLOAT));
    net.init();
    return net;
  }

  /** The generator's configuration; tests use double precision for gradient checks. */
  static ComputationGraphConfiguration generatorConfiguration(NetworkShape config, DataType dataType) {
    int levels = config.levels();
    ComputationGraphConfiguration.GraphBuilder graph = base(config, dataType, config.seed() * 31 + 11)
        .trainingWorkspaceMode(WorkspaceMode.NONE)
        .inferenceWorkspaceMode(WorkspaceMode.NONE)
        .graphBuilder()
        .addInputs(INPUT)
        .setInputTypes(InputType.convolutional(config.imageSize(), config.imageSize(), config.channels()));
    String[] encoded = new String[levels + 1];
    int[] channels = new int[levels + 1];
    encoded[0] = INPUT;
    channels[0] = config.channels();
    for (int i = 1; i <= levels; i++) {
      encoded[i] = "e" + i;
      channels[i] = filters(config, i - 1);
      graph.addLayer(encoded[i], new OneDnnConvolution(new ConvolutionLayer.Builder(4, 4).stride(2, 2)
          .nOut(channels[i]).activation(new ActivationLReLU(0.2))), encoded[i - 1]);
    }
    String previous = encoded[levels];
    for (int i = levels - 1; i >= 0; i--) {
      int out = i == 0 ? config.filters() : channels[i];
      graph.addLayer("u" + i, new Upsampling2D.Builder(2).build(), previous);
      graph.addLayer("d" + i, new OneDnnConvolution(new ConvolutionLayer.Builder(3, 3).nOut(out)
          .activation(Activation.RELU)), "u" + i);
      graph.addVertex("m" + i, new MergeVertex(), "d" + i, encoded[i]);
      previous = "m" + i;
    }
    // The output is the input plus a change: a generator that starts as the identity (the change's weights start at
    // zero) only has to learn what differs between the two sides of a pair.
    graph.addLayer(CHANGE, new OneDnnConvolution(new ConvolutionLayer.Builder(3, 3).nOut(config.channels())
        .activation(Activation.TANH).weightInit(WeightInit.ZERO)), previous);
    graph.addVertex("sum", new ElementWiseVertex(ElementWiseVertex.Op.Add), INPUT, CHANGE);
    // A layer, not the vertex, ends the graph: a training forward pass reports layers' activations only.
    graph.addLayer(OUTPUT, new ActivationLayer.Builder().activation(Activation.IDENTITY).build(), "sum");
    return graph.setOutputs(OUTPUT).build();
  }

  /**
   * The configuration of a discriminator of {@code planes}-plane inputs (pix2pix: the input and the output stacked,
   * CycleGAN: one image); tests use double precision for gradient checks.
   */
  static MultiLayerConfiguration discriminatorConfiguration(NetworkShape config, int planes, DataType dataType) {
    NeuralNetConfiguration.ListBuilder list = base(config, dataType, config.seed() * 31 + 12).list();
    list.layer(0, new OneDnnConvolution(new ConvolutionLayer.Builder(4, 4).stride(2, 2).nOut(filters(config, 0))
        .activation(new ActivationLReLU(0.2))));
    list.layer(1, new OneDnnConvolution(new ConvolutionLayer.Builder(4, 4).stride(2, 2).nOut(filters(config, 1))
        .activation(new ActivationLReLU(0.2))));
    list.layer(2, new OneDnnConvolution(new ConvolutionLayer.Builder(3, 3).nOut(filters(config, 2))
        .activation(new ActivationLReLU(0.2))));
    list.layer(3, new OneDnnConvolution(new ConvolutionLayer.Builder(3, 3).nOut(1).activation(Activation.IDENTITY)
        .weightInit(WeightInit.XAVIER)));
    list.layer(4, new CnnLossLayer.Builder(LossFunctions.LossFunction.XENT).activation(Activation.SIGMOID).build());
    return list.setInputType(InputType.convolutional(config.imageSize(), config.imageSize(), planes))
        .build();
  }

  private static int filters(NetworkShape config, int level) {
    return config.filters() * Math.min(MAX_FILTER_MULTIPLE, 1 << level);
  }

  private static NeuralNetConfiguration.Builder base(NetworkShape config, DataType dataType, long seed) {
    return new NeuralNetConfiguration.Builder()
        .seed(seed)
        .dataType(dataType)
        .updater(new Adam(config.learningRate(), config.beta1(), 0.999, 1e-8))
        .weightInit(WeightInit.RELU)
        .convolutionMode(ConvolutionMode.Same);
  }
}
