package dev.dgmspark.gan;

import dev.dgmspark.nn.LinearDecaySchedule;
import dev.dgmspark.nn.MinibatchStdDev;
import dev.dgmspark.nn.OneDnnConvolution;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.deeplearning4j.nn.weights.WeightInitDistribution;
import org.deeplearning4j.nn.weights.WeightInitXavier;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Builds the DCGAN generator and discriminator (Radford et al. 2016) as DL4J {@link MultiLayerNetwork}s.
 *
 * <p>Generator: [z, condition] → dense to a 4x4 (7x7 for 28) map of 4·filters channels → per level a nearest
 * upsampling by 2 and a 3x3 convolution halving the channels → a last upsampling, then {@link GanConfig#refineLayers}
 * 3x3 convolutions at the output resolution, then the output convolution to an image in [−1, 1] (tanh); batch
 * normalisation and ReLU after every hidden layer. Without a full-resolution layer each output pixel is a linear
 * function of a 2x2 neighbourhood of the half-resolution features, which draws soft edges (measured in the README's
 * GAN section). Upsampling plus convolution rather than DCGAN's stride-2 transposed convolutions:
 * no checkerboard artefacts (Odena et al. 2016), and the convolutions run on oneDNN ({@link OneDnnConvolution}),
 * which DL4J's transposed convolution cannot. Discriminator: the image plus, for cgan in {@link ConditionMode#INPUT} mode, one constant plane per
 * condition one-hot entry → stride-2 4x4 convolutions (filters, 2·filters, 4·filters...) with leaky ReLU 0.2 → with
 * {@link GanConfig#minibatchStd} a {@link MinibatchStdDev} plane → one
 * sigmoid unit (real/fake), plus in {@link ConditionMode#CLASSIFIER} mode one sigmoid unit per condition entry,
 * trained with binary cross-entropy. The discriminator has no batch normalisation: its batches mix real and generated images,
 * and the generator step must see the same function the discriminator step trained. The generator's weights start from
 * N(0, 0.02) as in DCGAN, the discriminator's from Xavier ({@link #DISCRIMINATOR_INIT}: it has no normalisation to
 * undo a too-small start); both networks use Adam with beta1 0.5, as DCGAN recommends.
 *
 * <p>The generator has no output layer: it is trained by back-propagating the discriminator's input gradient
 * ({@link GanStep}). Its workspaces are off so that the layer inputs of a training forward pass stay valid for that
 * back-propagation.
 */
public final class GanNetworks {
  private static final int MAX_FILTER_MULTIPLE = 4;

  /** The generator's initial weights: N(0, 0.02), as in DCGAN (its batch normalisation rescales every layer). */
  static final IWeightInit GENERATOR_INIT = new WeightInitDistribution(new NormalDistribution(0, 0.02));

  /**
   * The discriminator's initial weights: Xavier (Glorot and Bengio 2010), N(0, 2 / (fan in + fan out)). DCGAN's
   * N(0, 0.02) assumes batch normalisation after every layer; our discriminator has none, so with it every layer
   * scales its input's spread by about 0.02·√(fan in) (0.14 for the first layer's 4x4x3 patch) and the verdict of a
   * fresh discriminator hardly depends on the image. Measured on 6,000 synthetic 32x32 faces, 16 filters,
   * local[2], 4 minutes (10 and 9 epochs), one feature model: frechet_ratio 34.6 → 20.6, precision 0.215 → 0.319,
   * recall 0.438 → 0.647, c2st 0.874 → 0.799.
   */
  static final IWeightInit DISCRIMINATOR_INIT = new WeightInitXavier();

  private GanNetworks() {}

  /** The generator, initialised. */
  public static MultiLayerNetwork generator(GanConfig config) {
    MultiLayerNetwork net = new MultiLayerNetwork(generatorConfiguration(config, DataType.FLOAT));
    net.init();
    return net;
  }

  /** The discriminator, initialised. */
  public static MultiLayerNetwork discriminator(GanConfig config) {
    MultiLayerNetwork net = new MultiLayerNetwork(discriminatorConfiguration(config, DataType.FLOAT));
    net.init();
    return net;
  }

  /** The generator's configuration; tests use double precision for gradient checks. */
  static MultiLayerConfiguration generatorConfiguration(GanConfig config, DataType dataType) {
    int levels = config.upsamplings();
    int start = config.imageSize() >> levels;
    int startChannels = config.filters() * Math.min(MAX_FILTER_MULTIPLE, 1 << (levels - 1));
    NeuralNetConfiguration.ListBuilder list = base(config, dataType, config.seed() * 31 + 1, GENERATOR_INIT)
        .trainingWorkspaceMode(WorkspaceMode.NONE)
        .inferenceWorkspaceMode(WorkspaceMode.NONE)
        .list();
    int layer = 0;
    list.layer(layer++, new DenseLayer.Builder().nIn(config.noiseDim() + config.conditionSize())
        .nOut(startChannels * start * start).activation(Activation.IDENTITY).build());
    list.layer(layer++, new BatchNormalization.Builder().activation(Activation.RELU).build());
    list.inputPreProcessor(layer, new FeedForwardToCnnPreProcessor(start, start, startChannels));
    int channels = startChannels;
    for (int i = 1; i < levels; i++) {
      int next = config.filters() * Math.min(MAX_FILTER_MULTIPLE, 1 << (levels - 1 - i));
      list.layer(layer++, new Upsampling2D.Builder(2).build());
      list.layer(layer++, new OneDnnConvolution(new ConvolutionLayer.Builder(3, 3).nIn(channels).nOut(next)
          .activation(Activation.IDENTITY).hasBias(false)));
      list.layer(layer++, new BatchNormalization.Builder().activation(Activation.RELU).build());
      channels = next;
    }
    list.layer(layer++, new Upsampling2D.Builder(2).build());
    for (int i = 0; i < config.refineLayers(); i++) {
      list.layer(layer++, new OneDnnConvolution(new ConvolutionLayer.Builder(3, 3).nIn(channels).nOut(channels)
          .activation(Activation.IDENTITY).hasBias(false)));
      list.layer(layer++, new BatchNormalization.Builder().activation(Activation.RELU).build());
    }
    list.layer(layer, new OneDnnConvolution(new ConvolutionLayer.Builder(3, 3).nIn(channels).nOut(config.channels())
        .activation(Activation.TANH)));
    return list.setInputType(InputType.feedForward(config.noiseDim() + config.conditionSize())).build();
  }

  /** The discriminator's configuration; tests use double precision for gradient checks. */
  static MultiLayerConfiguration discriminatorConfiguration(GanConfig config, DataType dataType) {
    int levels = config.upsamplings();
    NeuralNetConfiguration.ListBuilder list = base(config, dataType, config.seed() * 31 + 2, DISCRIMINATOR_INIT).list();
    int channels = config.discriminatorChannels();
    int layer = 0;
    for (int i = 0; i < levels; i++) {
      list.layer(layer++, new OneDnnConvolution(new ConvolutionLayer.Builder(4, 4).stride(2, 2)
          .nOut(config.filters() * Math.min(MAX_FILTER_MULTIPLE, 1 << i))
          .activation(new ActivationLReLU(0.2))));
    }
    if (config.minibatchStd() > 0) {
      list.layer(layer++, new MinibatchStdDev(config.minibatchStd()));
    }
    list.layer(layer, new OutputLayer.Builder(LossFunctions.LossFunction.XENT).nOut(config.discriminatorOutputs())
        .activation(Activation.SIGMOID).build());
    return list.setInputType(InputType.convolutional(config.imageSize(), config.imageSize(), channels)).build();
  }

  /**
   * Adam with beta1 {@link GanConfig#beta1()}, at a constant learning rate or one falling linearly by epoch over
   * {@link GanConfig#lrDecayEpochs()}. The engine sets each network's epoch counter to the epochs done before every
   * epoch, and the updates pass it to the updater, so epoch e trains at lr × (1 − (e − 1)/E).
   */
  static Adam updater(GanConfig config) {
    if (config.lrDecayEpochs() == 0) {
      return new Adam(config.learningRate(), config.beta1(), 0.999, 1e-8);
    }
    return Adam.builder().learningRateSchedule(new LinearDecaySchedule(config.learningRate(), config.lrDecayEpochs()))
        .beta1(config.beta1()).beta2(0.999).epsilon(1e-8).build();
  }

  private static NeuralNetConfiguration.Builder base(GanConfig config, DataType dataType, long seed,
      IWeightInit init) {
    return new NeuralNetConfiguration.Builder()
        .seed(seed)
        .dataType(dataType)
        .updater(updater(config))
        .weightInit(init)
        .convolutionMode(ConvolutionMode.Same);
  }
}
