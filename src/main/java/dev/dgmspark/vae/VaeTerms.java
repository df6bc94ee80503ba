package dev.dgmspark.vae;

import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The two parts of an autoencoder's loss, per example, evaluated without sampling (z = mu): the reconstruction
 * loss (binary cross-entropy summed over pixels) and the KL divergence of q(z|x) from N(0, I) (zero for ae).
 *
 * @param reconstruction per-example reconstruction loss, [n]
 * @param kl per-example KL, not multiplied by beta, [n]
 * @param mu encoder means, [n, latent]
 * @param logvar encoder log-variances, [n, latent] (null for ae)
 * @param reconstructed reconstructed pixels in [0, 1], [n, channels * height * width]
 */
public record VaeTerms(INDArray reconstruction, INDArray kl, INDArray mu, INDArray logvar, INDArray reconstructed) {
  /** Smallest probability used inside a logarithm. */
  static final double EPSILON = 1e-7;

  /** Evaluates the network on images {@code x} ([n, c, h, w], values in [0, 1]). */
  public static VaeTerms evaluate(ComputationGraph net, INDArray x) {
    Map<String, INDArray> activations = net.feedForward(new INDArray[] {x}, false);
    INDArray mu = activations.get(VaeNetwork.MU);
    INDArray logvar = activations.get(VaeNetwork.LOGVAR);
    INDArray reconstructed = activations.get(VaeNetwork.RECON);
    INDArray target = x.reshape('c', x.size(0), reconstructed.size(1));
    INDArray kl = logvar == null ? Nd4j.zeros(mu.dataType(), mu.size(0)) : klPerExample(mu, logvar);
    return new VaeTerms(binaryCrossEntropy(target, reconstructed), kl, mu, logvar, reconstructed);
  }

  /** Sum over columns of −[t·log p + (1 − t)·log(1 − p)], p clipped to [ε, 1 − ε]. */
  public static INDArray binaryCrossEntropy(INDArray target, INDArray probability) {
    INDArray p = Transforms.max(Transforms.min(probability, 1 - EPSILON, true), EPSILON, false);
    INDArray logP = Transforms.log(p, true);
    INDArray logOneMinusP = Transforms.log(p.rsub(1.0), false);
    INDArray perPixel = target.mul(logP).addi(target.rsub(1.0).muli(logOneMinusP));
    return perPixel.sum(1).negi();
  }

  /** −½ Σ_j (1 + logvar − mu² − exp(logvar)) per row. */
  public static INDArray klPerExample(INDArray mu, INDArray logvar) {
    return logvar.add(1.0).subi(mu.mul(mu)).subi(Transforms.exp(logvar, true)).sum(1).muli(-0.5);
  }

  /** Mean reconstruction loss. */
  public double meanReconstruction() {
    return reconstruction.meanNumber().doubleValue();
  }

  /** Mean KL. */
  public double meanKl() {
    return kl.meanNumber().doubleValue();
  }
}
