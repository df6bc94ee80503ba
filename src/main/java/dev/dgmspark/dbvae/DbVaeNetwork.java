package dev.dgmspark.dbvae;

import dev.dgmspark.vae.VaeConfig;
import dev.dgmspark.vae.VaeNetwork;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;

/**
 * Builds DB-VAE as a DL4J {@link ComputationGraph}: the VAE of {@link VaeNetwork} (its encoder, sampling vertex,
 * decoder and the {@code recon} and {@code kl} outputs) plus a classifier head on the encoder's last hidden layer,
 * so that one encoder outputs the class logit, the latent mean and its log-variance, as in Amini et al. (2019).
 *
 * <p>Outputs, in order: {@link #CLASS} (the positive class's probability, binary cross-entropy times the class
 * weight), {@code recon}, {@code kl}. DL4J adds the output losses; label masks on the last two restrict the VAE
 * loss to the positive class ({@link DbVaeFamily}).
 */
public final class DbVaeNetwork {
  /** The classifier output: the probability of the positive class, [minibatch, 1]. */
  public static final String CLASS = "class";

  private DbVaeNetwork() {}

  /** Builds and initialises the network. */
  public static ComputationGraph build(VaeConfig vae, DbVaeConfig config) {
    ComputationGraph net = new ComputationGraph(configuration(vae, config, DataType.FLOAT));
    net.init();
    return net;
  }

  /** The network configuration in {@code dataType} (tests use double precision for gradient checks). */
  public static ComputationGraphConfiguration configuration(VaeConfig vae, DbVaeConfig config, DataType dataType) {
    if (!vae.kind().variational()) {
      throw new IllegalArgumentException("DB-VAE is built on a variational autoencoder, not " + vae.kind());
    }
    ComputationGraphConfiguration.GraphBuilder graph = VaeNetwork.layers(vae, dataType);
    // Binary cross-entropy with a per-output weight: the class weight.
    INDArray weight = Nd4j.create(dataType, 1, 1).assign(config.classWeight());
    graph.addLayer(CLASS, new OutputLayer.Builder(new LossBinaryXENT(weight)).nOut(1)
        .activation(Activation.SIGMOID).weightInit(WeightInit.XAVIER).build(), VaeNetwork.ENCODER_FEATURES);
    graph.setOutputs(CLASS, VaeNetwork.RECON, VaeNetwork.KL);
    return graph.build();
  }

  /** The positive class's probability for images {@code x} ([n, c, h, w] in [0, 1]), [n]. */
  public static INDArray classify(ComputationGraph net, INDArray x) {
    return VaeNetwork.activation(net, x, CLASS).reshape(x.size(0));
  }
}
