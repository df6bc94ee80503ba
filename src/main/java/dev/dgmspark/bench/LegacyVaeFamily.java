package dev.dgmspark.bench;

import dev.dgmspark.engine.ModelFamily;
import dev.dgmspark.engine.NoiseStream;
import dev.dgmspark.engine.StepMetrics;
import dev.dgmspark.minibatch.BatchLabels;
import dev.dgmspark.minibatch.ImageBatchFile;
import dev.dgmspark.vae.KlDivergenceLoss;
import dev.dgmspark.vae.ReparameterizationVertex;
import dev.dgmspark.vae.VaeConfig;
import dev.dgmspark.vae.VaeFamily;
import dev.dgmspark.vae.VaeModel;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The VAE as the project built it before the training engine (kept for the benchmark's before/after figure): DL4J's
 * own convolution layers (im2col on this DL4J release) and a decoder of stride-2 4x4 transposed convolutions.
 * Same encoder widths, same latent, same losses as {@link dev.dgmspark.vae.VaeNetwork}; same step as
 * {@link VaeFamily}.
 *
 * @param config the network's shape and settings
 */
record LegacyVaeFamily(VaeConfig config) implements ModelFamily<VaeModel, MultiDataSet> {
  @Override
  public VaeModel create() {
    ComputationGraph net = new ComputationGraph(configuration());
    net.init();
    return new VaeModel(net);
  }

  @Override
  public VaeModel read(InputStream in) throws IOException {
    return new VaeFamily(config).read(in);
  }

  @Override
  public boolean needsLabels() {
    return false;
  }

  @Override
  public MultiDataSet batch(ImageBatchFile images, BatchLabels labels) {
    return new VaeFamily(config).batch(images, labels);
  }

  @Override
  public List<String> stepFigures() {
    return List.of(VaeFamily.TRAIN_SCORE);
  }

  @Override
  public void step(VaeModel model, List<MultiDataSet> batches, NoiseStream noise, StepMetrics metrics) {
    new VaeFamily(config).step(model, batches, noise, metrics);
  }

  private ComputationGraphConfiguration configuration() {
    int size = config.imageSize();
    int channels = config.channels();
    int[] filters = size == 64 ? new int[] {32, 64, 128} : new int[] {32, 64};
    int featureSize = size >> filters.length;
    int featureChannels = filters[filters.length - 1];
    ComputationGraphConfiguration.GraphBuilder graph = new NeuralNetConfiguration.Builder()
        .seed(config.seed()).dataType(DataType.FLOAT).updater(new Adam(config.learningRate()))
        .weightInit(WeightInit.RELU).convolutionMode(ConvolutionMode.Same)
        .graphBuilder().addInputs("x").setInputTypes(InputType.convolutional(size, size, channels));
    String previous = "x";
    for (int i = 0; i < filters.length; i++) {
      graph.addLayer("enc" + (i + 1), new ConvolutionLayer.Builder(4, 4).stride(2, 2).nOut(filters[i])
          .activation(Activation.LEAKYRELU).build(), previous);
      previous = "enc" + (i + 1);
    }
    graph.addLayer("enc_fc", new DenseLayer.Builder().nOut(256).activation(Activation.LEAKYRELU).build(), previous);
    graph.addLayer("mu", new DenseLayer.Builder().nOut(config.latentDim()).activation(Activation.IDENTITY)
        .weightInit(WeightInit.XAVIER).build(), "enc_fc");
    graph.addLayer("logvar", new DenseLayer.Builder().nOut(config.latentDim()).activation(Activation.IDENTITY)
        .weightInit(WeightInit.XAVIER).build(), "enc_fc");
    graph.addVertex("z", new ReparameterizationVertex(), "mu", "logvar");
    graph.addLayer("dec_fc", new DenseLayer.Builder().nOut(featureChannels * featureSize * featureSize)
        .activation(Activation.LEAKYRELU).build(), "z");
    previous = "dec_fc";
    for (int i = filters.length - 2; i >= 0; i--) {
      String name = "dec" + (filters.length - 1 - i);
      graph.addLayer(name, new Deconvolution2D.Builder(4, 4).stride(2, 2).nOut(filters[i])
          .activation(Activation.LEAKYRELU).build(), previous);
      if (previous.equals("dec_fc")) {
        graph.inputPreProcessor(name, new FeedForwardToCnnPreProcessor(featureSize, featureSize, featureChannels));
      }
      previous = name;
    }
    graph.addLayer("dec_out", new Deconvolution2D.Builder(4, 4).stride(2, 2).nOut(channels)
        .activation(Activation.IDENTITY).weightInit(WeightInit.XAVIER).build(), previous);
    graph.addLayer("recon", new LossLayer.Builder(LossFunctions.LossFunction.XENT).activation(Activation.SIGMOID)
        .build(), "dec_out");
    graph.inputPreProcessor("recon", new CnnToFeedForwardPreProcessor(size, size, channels));
    graph.addVertex("mu_logvar", new MergeVertex(), "mu", "logvar");
    graph.addLayer("kl", new LossLayer.Builder(new KlDivergenceLoss(config.beta())).activation(Activation.IDENTITY)
        .build(), "mu_logvar");
    graph.setOutputs("recon", "kl");
    return graph.build();
  }
}
