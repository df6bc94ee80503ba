package dev.dgmspark.vae;

import dev.dgmspark.nn.OneDnnConvolution;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Builds the convolutional (V)AE as a DL4J {@link ComputationGraph}.
 *
 * <p>Encoder: stride-2 4x4 convolutions (32, 64[, 128] filters) halving the image to 7x7 or 8x8, a 256-unit dense
 * layer, then {@code mu} and {@code logvar} (for ae only {@code mu}, which is z). z = mu + exp(logvar/2)·eps
 * ({@link ReparameterizationVertex}). Decoder: dense to the encoder's last feature map, then per level a nearest
 * upsampling by 2 and a 3x3 convolution (64[, 32]... filters), the last one to per-pixel logits (the Gaussian
 * decoder has one more 3x3 convolution at full resolution before it: {@link #FULL_RESOLUTION_FILTERS}). Outputs:
 * {@code recon} (the negative log-likelihood of the image under the decoder, {@link Likelihood}: a calibrated
 * Gaussian around the sigmoid of the logits, or Bernoulli pixels) and, for the variational kinds, {@code kl}
 * (beta · KL, {@link KlDivergenceLoss}). DL4J adds the output losses, so the training score is the negative ELBO per
 * example.
 *
 * <p>Upsampling plus convolution rather than stride-2 transposed convolutions (Odena et al. 2016, "Deconvolution
 * and checkerboard artifacts"): no checkerboard, and every convolution runs on oneDNN ({@link OneDnnConvolution}),
 * while DL4J's transposed convolution has no oneDNN path; measured on the 32x32 VAE, one ND4J thread: 3x the
 * examples per second of the transposed-convolution decoder.
 */
public final class VaeNetwork {
  /** Image input, [minibatch, channels, height, width], pixel values in [0, 1]. */
  public static final String INPUT = "x";
  /** Encoder mean (for ae: the code itself). */
  public static final String MU = "mu";
  /** Encoder log-variance. */
  public static final String LOGVAR = "logvar";
  /** Sampled latent. */
  public static final String Z = "z";
  /** Decoder logits, [minibatch, channels, height, width]. */
  public static final String DECODER_LOGITS = "dec_out";
  /** Reconstruction loss output; its activations are the reconstructed pixels, flattened. */
  public static final String RECON = "recon";
  /** KL loss output. */
  public static final String KL = "kl";
  /** The encoder's last hidden layer, from which {@code mu} and {@code logvar} are computed. */
  public static final String ENCODER_FEATURES = "enc_fc";
  /** Prefix of the decoder's vertices. */
  private static final String DECODER = "dec";

  private static final int DENSE_UNITS = 256;
  /** The Gaussian decoder's full-resolution convolution, between the last upsampling and the output convolution. */
  private static final String DECODER_FULL_RESOLUTION = "dec_full";
  /**
   * Filters of the Gaussian decoder's full-resolution convolution. Without it each output pixel is one linear map of
   * nearest-upsampled half-resolution features, too coarse for one-pixel detail such as glasses' frames: on the demo's
   * faces (30 epochs) the reconstructions then kept 0.87-0.89 of the attribute classifier's accuracy, with 32 filters
   * 0.93-0.95 over three seeds (16: 0.90 and 0.97). The Bernoulli decoder's reconstructions are blurred by their loss
   * rather than by the decoder, and its debias figures were measured without it.
   */
  static final int FULL_RESOLUTION_FILTERS = 32;

  private VaeNetwork() {}

  /**
   * Decodes latent vectors with a trained network's decoder: [n, latent] → images [n, channels, height, width] in
   * [0, 1]. Runs the decoder's vertices (those named {@code dec...}, in the graph's order) one by one in inference
   * mode, because a {@code ComputationGraph} cannot take its input in the middle.
   */
  public static INDArray decode(ComputationGraph net, INDArray z) {
    LayerWorkspaceMgr workspaces = LayerWorkspaceMgr.noWorkspaces();
    INDArray h = z;
    int n = (int) z.size(0);
    for (int index : net.topologicalSortOrder()) {
      String name = net.getVertices()[index].getVertexName();
      if (!name.startsWith(DECODER)) {
        continue;
      }
      GraphVertex vertex = net.getConfiguration().getVertices().get(name);
      if (vertex instanceof LayerVertex layerVertex && layerVertex.getPreProcessor() != null) {
        h = layerVertex.getPreProcessor().preProcess(h, n, workspaces);
      }
      h = net.getLayer(name).activate(h, false, workspaces);
    }
    return Transforms.sigmoid(h, true);
  }

  /**
   * The activations of the layer {@code layer} of {@code net} on {@code x}, in inference mode.
   *
   * <p>Runs the whole graph: DL4J M2.1's {@code feedForward(input, layerTillIndex, train)} stops at the layer's vertex
   * index taken as a position in the topological order, which is a different vertex in some graphs (the 64x64 VAE:
   * {@code mu} was never reached and came back null).
   */
  public static INDArray activation(ComputationGraph net, INDArray x, String layer) {
    INDArray activation = net.feedForward(new INDArray[] {x}, false).get(layer);
    if (activation == null) {
      throw new IllegalArgumentException("the network has no layer " + layer);
    }
    return activation;
  }

  /** Builds and initialises the network. */
  public static ComputationGraph build(VaeConfig config) {
    ComputationGraph net = new ComputationGraph(configuration(config));
    net.init();
    return net;
  }

  /** The network configuration (float32). */
  public static ComputationGraphConfiguration configuration(VaeConfig config) {
    return configuration(config, DataType.FLOAT);
  }

  /** The network configuration in {@code dataType}; tests use double precision for gradient checks. */
  static ComputationGraphConfiguration configuration(VaeConfig config, DataType dataType) {
    ComputationGraphConfiguration.GraphBuilder graph = layers(config, dataType);
    if (config.kind().variational()) {
      graph.setOutputs(RECON, KL);
    } else {
      graph.setOutputs(RECON);
    }
    return graph.build();
  }

  /**
   * Every vertex of the network, its {@link #RECON} and (variational kinds) {@link #KL} outputs included, with no
   * outputs set: models built on the autoencoder (DB-VAE's classifier head on {@link #ENCODER_FEATURES}) add their
   * own vertices and set the outputs.
   */
  public static ComputationGraphConfiguration.GraphBuilder layers(VaeConfig config, DataType dataType) {
    int size = config.imageSize();
    int channels = config.channels();
    int[] filters = size == 64 ? new int[] {32, 64, 128} : new int[] {32, 64};
    int featureSize = size >> filters.length; // 64 -> 8, 32 -> 8, 28 -> 7
    int featureChannels = filters[filters.length - 1];

    ComputationGraphConfiguration.GraphBuilder graph = new NeuralNetConfiguration.Builder()
        .seed(config.seed())
        .dataType(dataType)
        .updater(new Adam(config.learningRate()))
        .weightInit(WeightInit.RELU)
        .convolutionMode(ConvolutionMode.Same)
        .graphBuilder()
        .addInputs(INPUT)
        .setInputTypes(InputType.convolutional(size, size, channels));

    String previous = INPUT;
    for (int i = 0; i < filters.length; i++) {
      String name = "enc" + (i + 1);
      graph.addLayer(name, new OneDnnConvolution(new ConvolutionLayer.Builder(4, 4).stride(2, 2).nOut(filters[i])
          .activation(Activation.LEAKYRELU)), previous);
      previous = name;
    }
    graph.addLayer(ENCODER_FEATURES, new DenseLayer.Builder().nOut(DENSE_UNITS).activation(Activation.LEAKYRELU)
        .build(), previous);
    graph.addLayer(MU, new DenseLayer.Builder().nOut(config.latentDim()).activation(Activation.IDENTITY)
        .weightInit(WeightInit.XAVIER).build(), ENCODER_FEATURES);
    String code = MU;
    if (config.kind().variational()) {
      graph.addLayer(LOGVAR, new DenseLayer.Builder().nOut(config.latentDim()).activation(Activation.IDENTITY)
          .weightInit(WeightInit.XAVIER).build(), ENCODER_FEATURES);
      graph.addVertex(Z, new ReparameterizationVertex(), MU, LOGVAR);
      code = Z;
    }

    graph.addLayer("dec_fc", new DenseLayer.Builder().nOut(featureChannels * featureSize * featureSize)
        .activation(Activation.LEAKYRELU).build(), code);
    previous = "dec_fc";
    for (int level = 1; level <= filters.length; level++) {
      boolean last = level == filters.length;
      String name = last ? DECODER_LOGITS : "dec" + level;
      String up = name + "_up";
      graph.addLayer(up, new Upsampling2D.Builder(2).build(), previous);
      if (previous.equals("dec_fc")) {
        graph.inputPreProcessor(up, new FeedForwardToCnnPreProcessor(featureSize, featureSize, featureChannels));
      }
      ConvolutionLayer.Builder conv = new ConvolutionLayer.Builder(3, 3).stride(1, 1)
          .nOut(last ? channels : filters[filters.length - 1 - level])
          .activation(last ? Activation.IDENTITY : Activation.LEAKYRELU);
      String convInput = up;
      if (last && config.likelihood() == Likelihood.GAUSSIAN) {
        graph.addLayer(DECODER_FULL_RESOLUTION, new OneDnnConvolution(new ConvolutionLayer.Builder(3, 3).stride(1, 1)
            .nOut(FULL_RESOLUTION_FILTERS).activation(Activation.LEAKYRELU)), up);
        convInput = DECODER_FULL_RESOLUTION;
      }
      if (last) {
        conv.weightInit(WeightInit.XAVIER);
      }
      graph.addLayer(name, new OneDnnConvolution(conv), convInput);
      previous = name;
    }
    // Sigmoid inside the loss layer: DL4J's binary cross-entropy then uses the stable gradient sigmoid(x) - y, and
    // the Gaussian decoder's mean stays in the pixels' [0, 1].
    LossLayer.Builder recon = config.likelihood() == Likelihood.GAUSSIAN
        ? new LossLayer.Builder(new CalibratedGaussianLoss()) : new LossLayer.Builder(LossFunctions.LossFunction.XENT);
    graph.addLayer(RECON, recon.activation(Activation.SIGMOID).build(), DECODER_LOGITS);
    graph.inputPreProcessor(RECON, new CnnToFeedForwardPreProcessor(size, size, channels));

    if (config.kind().variational()) {
      graph.addVertex("mu_logvar", new MergeVertex(), MU, LOGVAR);
      graph.addLayer(KL, new LossLayer.Builder(new KlDivergenceLoss(config.beta())).activation(Activation.IDENTITY)
          .build(), "mu_logvar");
    }
    return graph;
  }
}
